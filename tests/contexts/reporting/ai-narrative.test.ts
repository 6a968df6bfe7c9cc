import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../../src/composition.js';
import { DEFAULT_LOCKOUT } from '../../../src/contexts/auth/index.js';
import type { NarrativeRequest } from '../../../src/contexts/reporting/application/ports.js';
import { openAiNarrativeWriter } from '../../../src/contexts/reporting/adapters/narrative/openai-narrative-writer.js';
import { kyselyReportingStore } from '../../../src/contexts/reporting/adapters/persistence/kysely-reporting-store.js';
import { composeNarrative } from '../../../src/contexts/reporting/domain/narrative.js';
import type { ReportData } from '../../../src/contexts/reporting/domain/report-data.js';
import { DEFAULT_BRANDING } from '../../../src/contexts/reporting/domain/template.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { parseDatabaseTarget } from '../../../src/persistence/connect.js';
import { fastHasher, PASSWORD, TestClock, testApp, UNLIMITED_PLANS } from '../../support/app.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/report-iso-en.json', import.meta.url));
const API_KEY = 'sk-test-7f3a9c1e5b2d4f60';
const MODEL = 'fake-model-1';

/** The fixture with a distinctive note, answer and evidence name that must never reach the model. */
function reportData(): ReportData {
  const data = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ReportData;
  const question = data.frameworks[0]!.requirements[1]!.questions[0]!;
  question.note = 'Marta Ruiz keeps the backup keys in her desk drawer';
  question.answer = 'We rotate passwords every 90 days';
  question.evidence = [{ kind: 'file', name: 'clinic-firewall-rules.xlsx', sha256: null, size: 10, url: null }];
  return data;
}

const AI_TEXT = {
  executiveSummary: 'AI SUMMARY: compliance stands at 64.2 %.',
  domains: {
    'iso27001-2022:A.5': 'AI on organizational controls.',
    'iso27001-2022:A.8': 'AI on technological controls.',
    'iso27001-2022:NOPE': 'a key the report does not have',
  },
};

interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: { model: string; messages: { role: string; content: string }[]; response_format?: unknown };
}

type Behaviour =
  | { kind: 'json'; content: string }
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  /** Refuses `response_format` with a 400, answers the plain request with `content`. */
  | { kind: 'no-json-mode'; content: string };

/** An OpenAI-compatible endpoint on 127.0.0.1 that records what it is sent. */
class FakeEndpoint {
  readonly seen: Seen[] = [];
  behaviour: Behaviour = { kind: 'json', content: JSON.stringify(AI_TEXT) };
  #server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as Seen['body'];
        this.seen.push({ path: req.url ?? '', headers: req.headers, raw, body });
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no such route"}}');
          return;
        }
        const b = this.behaviour;
        if (b.kind === 'hang') return;
        if (b.kind === 'status') {
          // retry-after-ms keeps the SDK's back-off short.
          res
            .writeHead(b.status, { 'content-type': 'application/json', 'retry-after-ms': '10' })
            .end(JSON.stringify({ error: { message: 'the fake is down', type: 'server_error' } }));
          return;
        }
        if (b.kind === 'no-json-mode' && body.response_format !== undefined) {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { message: 'response_format is not supported', type: 'invalid_request' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-fake',
            object: 'chat.completion',
            created: 1_770_000_000,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: b.content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}/v1`;
  }

  reset(): void {
    this.seen.length = 0;
    this.behaviour = { kind: 'json', content: JSON.stringify(AI_TEXT) };
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

const fake = new FakeEndpoint();
beforeAll(() => fake.start());
afterAll(() => fake.stop());
afterEach(() => fake.reset());

/** All the text the model was shown in one request. */
const shown = (s: Seen) => s.body.messages.map((m) => m.content).join('\n');

describe.each(DIALECTS)('AI narrative on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let orgId: string;
  const clock = new TestClock();
  const cache = (id: string) => kyselyReportingStore(app.handle.db).narratives(id);
  const writer = (overrides: { apiKey?: string; timeoutMs?: number; maxRetries?: number } = {}) =>
    openAiNarrativeWriter({ baseUrl: fake.url, model: MODEL, apiKey: API_KEY, ...overrides }, cache, clock);
  const request = (extra: Partial<NarrativeRequest> = {}): NarrativeRequest => ({
    data: reportData(),
    language: 'en',
    ai: true,
    includeSubject: false,
    orgId,
    ...extra,
  });
  const deterministic = composeNarrative(reportData(), 'en');

  beforeEach(async () => {
    database = await dialect.fresh();
    ({ app } = await testApp(database));
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'ana@acme.test', password: PASSWORD });
    orgId = (await app.auth.authenticate({ sessionSecret: init.session.token })).org!.id;
  });

  afterEach(async () => {
    try {
      await app.close();
    } finally {
      await database.drop();
    }
  });

  it('writes the narrative from the model, filling the domains it left out', async () => {
    const { narrative, warnings } = await writer().write(request());
    expect(warnings).toEqual([]);
    expect(narrative).toEqual({
      executiveSummary: AI_TEXT.executiveSummary,
      domains: {
        'iso27001-2022:A.5': 'AI on organizational controls.',
        'iso27001-2022:A.6': deterministic.domains['iso27001-2022:A.6'],
        'iso27001-2022:A.7': deterministic.domains['iso27001-2022:A.7'],
        'iso27001-2022:A.8': 'AI on technological controls.',
      },
      source: 'ai',
      model: MODEL,
    });
    expect(fake.seen).toHaveLength(1);
    expect(fake.seen[0]!.body).toMatchObject({ model: MODEL, response_format: { type: 'json_object' } });
  });

  it('sends figures and finding titles, never names, notes, answers, evidence, people or the key', async () => {
    const data = reportData();
    await writer().write(request());
    const [sent] = fake.seen;
    const text = shown(sent!);
    for (const expected of [
      'ISO/IEC 27001:2022 Annex A',
      '"compliancePercent":64.2',
      '"compliancePercent":66.7', // A.5
      '"targetMaturityLevel":3',
      'Privileged access rights',
      'Segregation of duties',
      '"critical"',
      'iso27001-2022:A.8',
      'the organisation',
    ]) {
      expect(text).toContain(expected);
    }
    const questions = data.frameworks.flatMap((f) => f.requirements.flatMap((r) => r.questions));
    const forbidden = [
      'Demo Clinic',
      'Demo Consulting',
      'Marta Ruiz',
      'We rotate passwords',
      'clinic-firewall-rules',
      'Checked with the IT manager on site',
      'demo@renfe.example',
      'Clinical systems and head office', // scope text
      ...questions.map((q) => q.text),
      ...questions.map((q) => q.answer).filter((a): a is string => a !== null && a.length > 3),
      ...data.findings.map((f) => f.recommendation),
      API_KEY,
    ];
    for (const secret of forbidden) expect(sent!.raw).not.toContain(secret);
    expect(sent!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const top = text.match(/"top":\[(.*?)\]/)?.[1] ?? '';
    expect(top.match(/"title"/g)).toHaveLength(15);
  });

  it('names the subject when asked to, and asks in the report language', async () => {
    await writer().write(request({ includeSubject: true, language: 'es' }));
    const text = shown(fake.seen[0]!);
    expect(text).toContain('Demo Clinic');
    expect(text).toContain('Write in Spanish');
    expect(text).not.toContain('Demo Consulting');
  });

  it('serves a second identical request from the cache', async () => {
    const first = await writer().write(request());
    const second = await writer().write(request());
    expect(fake.seen).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second.narrative.source).toBe('ai');
    // A different question (another language) is not a cache hit.
    await writer().write(request({ language: 'es' }));
    expect(fake.seen).toHaveLength(2);
  });

  it('falls back to the data after the retries when the endpoint fails', async () => {
    fake.behaviour = { kind: 'status', status: 500 };
    const { narrative, warnings } = await writer({ maxRetries: 1 }).write(request());
    expect(fake.seen).toHaveLength(2);
    expect(narrative).toEqual(deterministic);
    expect(warnings).toEqual(['AI narrative unavailable (the endpoint answered 500); wrote it from the data instead']);
    // Nothing was cached: the next call asks again.
    fake.reset();
    expect((await writer().write(request())).narrative.source).toBe('ai');
  });

  it('falls back to the data when the endpoint hangs past the timeout', async () => {
    fake.behaviour = { kind: 'hang' };
    const started = Date.now();
    const { narrative, warnings } = await writer({ timeoutMs: 300, maxRetries: 0 }).write(request());
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(narrative).toEqual(deterministic);
    expect(warnings).toEqual(['AI narrative unavailable (timeout after 0.3 s); wrote it from the data instead']);
  });

  it('falls back to the data when the model does not answer with the JSON asked for', async () => {
    for (const content of ['Sure! Here is your summary: all good.', '{"domains": {}}', '{"executiveSummary": 42}']) {
      fake.behaviour = { kind: 'json', content };
      const { narrative, warnings } = await writer().write(request());
      expect(narrative).toEqual(deterministic);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^AI narrative unavailable \(.+\); wrote it from the data instead$/);
    }
  });

  it('asks again without JSON mode when the endpoint refuses it, and finds the JSON in the prose', async () => {
    fake.behaviour = {
      kind: 'no-json-mode',
      content: `Here you go:\n\`\`\`json\n${JSON.stringify(AI_TEXT)}\n\`\`\`\nAnything else?`,
    };
    const { narrative, warnings } = await writer().write(request());
    expect(warnings).toEqual([]);
    expect(narrative.executiveSummary).toBe(AI_TEXT.executiveSummary);
    expect(fake.seen.map((s) => s.body.response_format)).toEqual([{ type: 'json_object' }, undefined]);
  });

  it('makes no request without an API key, and says so', async () => {
    const { narrative, warnings } = await writer({ apiKey: '' }).write(request());
    expect(fake.seen).toHaveLength(0);
    expect(narrative).toEqual(deterministic);
    expect(warnings).toEqual([
      'AI narrative unavailable (no API key: set ai.apiKey or RENFE_AI_API_KEY); wrote it from the data instead',
    ]);
  });

  it('makes no request when --ai was not given', async () => {
    expect(await writer().write(request({ ai: false }))).toEqual({ narrative: deterministic, warnings: [] });
    expect(fake.seen).toHaveLength(0);
  });
});

describe.each(DIALECTS)('report generate --ai on $name', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let owner: Principal;
  let tmp: string;

  beforeEach(async () => {
    database = await dialect.fresh();
    tmp = mkdtempSync(join(tmpdir(), 'renfe-ai-report-'));
    app = await openApp({
      target: parseDatabaseTarget(database.url),
      schema: 'migrate',
      clock: new TestClock(),
      hasher: fastHasher,
      settings: { sessionHours: 12, lockout: DEFAULT_LOCKOUT },
      ai: { baseUrl: fake.url, model: MODEL, apiKey: API_KEY },
      // Plan limits on AI narratives have their own tests; these are about the narrative.
      billing: { plansFile: UNLIMITED_PLANS },
    });
    const init = await app.auth.init({ orgName: 'Acme Consulting', email: 'ana@acme.test', password: PASSWORD });
    owner = await app.auth.authenticate({ sessionSecret: init.session.token });
  });

  afterEach(async () => {
    try {
      await app.close();
    } finally {
      await database.drop();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  async function generate(out: string) {
    const assessment = await app.assessment.create(owner, {
      subject: 'Hospital Central',
      frameworks: ['nist-csf-2.0'],
      domains: ['RC'],
    });
    await app.assessment.answer(owner, {
      assessmentId: assessment.id,
      question: 'RC.RP-01.Q1',
      value: 'yes',
      note: 'Dr Alvarez showed us the restore log',
    });
    await app.assessment.answer(owner, { assessmentId: assessment.id, question: 'RC.RP-03.Q1', value: 'no' });
    return app.reporting.generate(owner, {
      assessmentId: assessment.id,
      template: 'full',
      format: 'json',
      out,
      language: 'en',
      ai: true,
      includeSubject: false,
      branding: DEFAULT_BRANDING,
    });
  }

  it('writes the model narrative into the report', async () => {
    fake.behaviour = {
      kind: 'json',
      content: JSON.stringify({ executiveSummary: 'AI summary of the recovery domain.', domains: {} }),
    };
    const out = join(tmp, 'report.json');
    const result = await generate(out);
    expect(result.warnings).toEqual([]);
    expect(result.narrative).toBe('ai');
    const written = JSON.parse(readFileSync(out, 'utf8')) as { narrative: { source: string; model: string } };
    expect(written.narrative).toMatchObject({
      source: 'ai',
      model: MODEL,
      executiveSummary: 'AI summary of the recovery domain.',
    });
    expect(fake.seen).toHaveLength(1);
    expect(fake.seen[0]!.raw).not.toContain('Hospital Central');
    expect(fake.seen[0]!.raw).not.toContain('Dr Alvarez');
    expect(fake.seen[0]!.raw).not.toContain('Acme Consulting');
  });

  it('still writes the report, from the data, when the endpoint fails', async () => {
    fake.behaviour = { kind: 'status', status: 500 };
    const out = join(tmp, 'report.json');
    const result = await generate(out);
    expect(fake.seen).toHaveLength(3); // the first try and the SDK's two retries
    expect(result.narrative).toBe('deterministic');
    expect(result.warnings).toEqual([
      'AI narrative unavailable (the endpoint answered 500); wrote it from the data instead',
    ]);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { narrative: { source: string } };
    expect(written.narrative.source).toBe('deterministic');
  });
});
