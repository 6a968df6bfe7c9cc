import { createHash } from 'node:crypto';
import type { Clock } from '../../../../kernel/clock.js';
import type { NarrativeCache, NarrativeRequest, NarrativeWriter } from '../../application/ports.js';
import { composeNarrative } from '../../domain/narrative.js';
import type { ReportData } from '../../domain/report-data.js';
import type { Narrative } from '../../domain/template.js';

export interface OpenAiSettings {
  /** An OpenAI-compatible endpoint, e.g. `http://localhost:11434/v1` (Ollama); empty for OpenAI's own. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string;
  /** Per request, in milliseconds (default 30 s). */
  readonly timeoutMs?: number | undefined;
  /** Retries on connection errors, timeouts, 408, 409, 429 and 5xx (default 2). */
  readonly maxRetries?: number | undefined;
}

interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** What the model must answer with; the domains it leaves out come from the data. */
interface AiText {
  executiveSummary: string;
  domains: Record<string, string>;
}

const PLACEHOLDER = 'the organisation';
const TOP_FINDINGS = 15;
const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** A failure the user is told about in one line; the narrative is then written from the data. */
class Unavailable extends Error {}

const round = (x: number | null, digits = 1) => (x === null ? null : Number(x.toFixed(digits)));

/**
 * The prompt's data: figures and catalog titles only. Question texts, answers,
 * notes, evidence, recommendations (they quote questions), scope text and
 * people are never sent; the subject's name only when asked for.
 */
export function promptData(data: ReportData, includeSubject: boolean) {
  const unanswered = data.frameworks.reduce(
    (n, f) =>
      n + f.requirements.reduce((m, r) => m + r.questions.filter((q) => q.asked && q.answer === null).length, 0),
    0,
  );
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of data.findings) bySeverity[f.severity] += 1;
  const top = data.findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .slice(0, TOP_FINDINGS)
    .map(({ f }) => ({
      title: f.title,
      severity: f.severity,
      framework: f.framework,
      requirement: f.requirement,
      domain: `${f.framework}:${f.domain}`,
      result: f.result,
      status: f.status,
    }));
  return {
    subject: includeSubject ? data.assessment.subject : PLACEHOLDER,
    targetMaturityLevel: data.assessment.targetLevel,
    assessmentStatus: data.assessment.status,
    unansweredQuestions: unanswered,
    frameworks: data.frameworks.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      compliancePercent: round(f.summary.compliance),
      maturity: round(f.summary.maturity),
      gap: round(f.summary.gap),
      answeredPercent: round(f.summary.progress * 100),
      counts: f.summary.counts,
      domains: f.domains.map((d) => ({
        key: `${f.id}:${d.id}`,
        title: d.title,
        compliancePercent: round(d.compliance),
        maturity: round(d.maturity),
        gap: round(d.gap),
        counts: d.counts,
      })),
    })),
    mappedFrameworks: data.coverage.map((c) => ({ name: c.name, version: c.version, counts: c.counts })),
    findings: { total: data.findings.length, bySeverity, top },
  };
}

/** The exact messages sent: a fixed instruction and the aggregated data as JSON. */
export function narrativeMessages(
  request: Pick<NarrativeRequest, 'data' | 'language' | 'includeSubject'>,
): ChatMessage[] {
  const { data, language, includeSubject } = request;
  const keys = data.frameworks.flatMap((f) => f.domains.map((d) => `${f.id}:${d.id}`));
  const languageName = language === 'es' ? 'Spanish' : 'English';
  const name = includeSubject
    ? `"${data.assessment.subject}"`
    : `"${PLACEHOLDER}"${language === 'es' ? ' ("la organización")' : ''}`;
  const system = [
    'You write the narrative parts of a security and compliance assessment report for management.',
    'Use only the figures in the data; do not invent figures, controls, events or names.',
    `Refer to the assessed organisation as ${name}.`,
    `Write in ${languageName}.`,
    'Answer with one JSON object and nothing else, of the form',
    '{"executiveSummary": "...", "domains": {"<framework>:<domain>": "..."}}.',
    'executiveSummary: two to four short paragraphs separated by a blank line: the overall position against the target maturity level, the strongest and weakest areas, the most important findings, and what to do first.',
    `domains: two or three sentences for each of these keys: ${keys.join(', ')}; on that domain's compliance, its maturity gap and what to improve.`,
  ].join('\n');
  let user = `Assessment data:\n${JSON.stringify(promptData(data, includeSubject))}`;
  if (!includeSubject) {
    // Catalogs are shared, but a user's own framework could name the client in a title.
    for (const secret of [data.assessment.subject, data.organisation.name]) {
      if (secret.trim().length >= 3) user = user.split(secret).join(PLACEHOLDER);
    }
  }
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The first balanced `{...}` in a text, for endpoints that wrap the JSON in prose or code fences. */
function firstJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the scan
  }
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        try {
          return JSON.parse(text.slice(start, i + 1));
        } catch {
          break;
        }
      }
    }
  }
  throw new Unavailable('the model did not answer with JSON');
}

/** Keeps what the model wrote for the keys that exist; throws when the summary is missing. */
function readAiText(text: string, keys: ReadonlySet<string>): AiText {
  const parsed = firstJsonObject(text) as { executiveSummary?: unknown; domains?: unknown } | null;
  if (typeof parsed !== 'object' || parsed === null)
    throw new Unavailable('the model did not answer with a JSON object');
  if (typeof parsed.executiveSummary !== 'string' || parsed.executiveSummary.trim() === '') {
    throw new Unavailable('the model\'s answer had no "executiveSummary"');
  }
  const domains: Record<string, string> = {};
  if (typeof parsed.domains === 'object' && parsed.domains !== null) {
    for (const [key, value] of Object.entries(parsed.domains)) {
      if (keys.has(key) && typeof value === 'string' && value.trim() !== '') domains[key] = value.trim();
    }
  } else if (parsed.domains !== undefined) {
    throw new Unavailable('the model\'s "domains" was not an object');
  }
  return { executiveSummary: parsed.executiveSummary.trim(), domains };
}

/**
 * Narratives from an OpenAI-compatible chat endpoint (OpenAI, Groq, Ollama).
 * Only aggregated figures and catalog titles leave the machine (see
 * `promptData`). Answers are cached per organisation by a hash of the model
 * and the exact messages. Any failure gives the deterministic narrative and a
 * one-line warning: a report is never lost to the AI endpoint.
 */
export function openAiNarrativeWriter(
  settings: OpenAiSettings,
  cache: (orgId: string) => NarrativeCache,
  clock: Clock,
): NarrativeWriter {
  const timeoutMs = settings.timeoutMs ?? 30_000;
  const maxRetries = settings.maxRetries ?? 2;
  const scrub = (text: string) => (settings.apiKey ? text.split(settings.apiKey).join('****') : text);

  async function complete(messages: ChatMessage[]): Promise<string> {
    const { default: OpenAI, APIConnectionTimeoutError, APIConnectionError, APIError } = await import('openai');
    const client = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl || undefined,
      timeout: timeoutMs,
      maxRetries,
      logLevel: 'off',
    });
    const ask = (json: boolean) =>
      client.chat.completions.create({
        model: settings.model,
        messages,
        temperature: 0.2,
        ...(json ? { response_format: { type: 'json_object' as const } } : {}),
      });
    try {
      let completion;
      try {
        completion = await ask(true);
      } catch (error) {
        // An endpoint without JSON mode refuses the parameter; ask again in plain text and parse.
        if (error instanceof APIError && (error.status === 400 || error.status === 422)) completion = await ask(false);
        else throw error;
      }
      const content = completion.choices[0]?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') throw new Unavailable('the model answered nothing');
      return content;
    } catch (error) {
      if (error instanceof Unavailable) throw error;
      if (error instanceof APIConnectionTimeoutError) throw new Unavailable(`timeout after ${timeoutMs / 1000} s`);
      if (error instanceof APIConnectionError) throw new Unavailable(`could not reach ${settings.baseUrl || 'OpenAI'}`);
      if (error instanceof APIError) throw new Unavailable(`the endpoint answered ${error.status ?? 'an error'}`);
      throw new Unavailable(
        error instanceof Error ? error.message.split('\n')[0] || 'unexpected error' : 'unexpected error',
      );
    }
  }

  async function aiNarrative(request: NarrativeRequest, fallback: Narrative): Promise<Narrative> {
    if (!settings.apiKey) throw new Unavailable('no API key: set ai.apiKey or RENFE_AI_API_KEY');
    if (!settings.model) throw new Unavailable('no model: set ai.model or RENFE_AI_MODEL');
    const keys = new Set(Object.keys(fallback.domains));
    const messages = narrativeMessages(request);
    const hash = createHash('sha256')
      .update(JSON.stringify({ model: settings.model, messages }))
      .digest('hex');
    const store = cache(request.orgId);
    const cached = await store.get(hash).catch(() => null);
    let text: AiText | undefined;
    let model = settings.model;
    if (cached) {
      try {
        text = readAiText(cached.content, keys);
        model = cached.model;
      } catch {
        text = undefined;
      }
    }
    if (!text) {
      text = readAiText(await complete(messages), keys);
      // A cache that cannot be written costs a second call next time, not this report.
      await store.put(hash, settings.model, JSON.stringify(text), clock.now()).catch(() => undefined);
    }
    return {
      executiveSummary: text.executiveSummary,
      domains: { ...fallback.domains, ...text.domains },
      source: 'ai',
      model,
    };
  }

  return {
    async write(request) {
      const fallback = composeNarrative(request.data, request.language);
      if (!request.ai) return { narrative: fallback, warnings: [] };
      try {
        return { narrative: await aiNarrative(request, fallback), warnings: [] };
      } catch (error) {
        const reason = error instanceof Unavailable ? error.message : 'unexpected error';
        return {
          narrative: fallback,
          warnings: [scrub(`AI narrative unavailable (${reason}); wrote it from the data instead`)],
        };
      }
    },
  };
}
