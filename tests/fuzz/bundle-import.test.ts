import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/composition.js';
import { verifyBundleFile } from '../../src/contexts/sync/wiring.js';
import type { Principal } from '../../src/kernel/principal.js';
import { PASSWORD, testApp } from '../support/app.js';
import { DIALECTS, type TestDatabase } from '../support/databases.js';
import { readZip, writeZip } from '../contexts/sync/bundle-support.js';
import {
  applyAll,
  casesOn,
  describeTally,
  expectSafe,
  mutation,
  type Mutation,
  newTally,
  preview,
  runProperty,
  scratch,
} from './fuzz-support.js';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Odd values put in place of one value of a JSON entry. */
const ODD_VALUES: unknown[] = [
  null,
  -1,
  0,
  1e308,
  2 ** 53 + 1,
  '',
  'x'.repeat(5000),
  '../../etc/passwd',
  '\u0000',
  '2026-13-45T99:99:99Z',
  true,
  [],
  {},
  [null],
  { id: '../x' },
];

type BytesMutation =
  | { op: 'flip'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'zero'; at: number; length: number };

/** What a bundle goes through: its bytes changed, or one entry changed and every hash forged to match. */
type Case =
  | { kind: 'bytes'; mutations: BytesMutation[]; asCopy: boolean }
  | { kind: 'text'; entry: number; mutations: Mutation[]; asCopy: boolean }
  | { kind: 'value'; entry: number; at: number; value: number; drop: boolean; duplicate: boolean; asCopy: boolean };

const at = fc.nat({ max: 10_000_000 });
const bytesMutation: fc.Arbitrary<BytesMutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({
    op: fc.constant('insert' as const),
    at,
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
  }),
  fc.record({ op: fc.constant('zero' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
);
const cases: fc.Arbitrary<Case> = fc.oneof(
  fc.record({
    kind: fc.constant('bytes' as const),
    mutations: fc.array(bytesMutation, { minLength: 1, maxLength: 3 }),
    asCopy: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('text' as const),
    entry: fc.nat(),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    asCopy: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('value' as const),
    entry: fc.nat(),
    at: fc.nat(),
    value: fc.nat({ max: ODD_VALUES.length - 1 }),
    drop: fc.boolean(),
    duplicate: fc.boolean(),
    asCopy: fc.boolean(),
  }),
);

function mutateBytes(bytes: Buffer, m: BytesMutation): Buffer {
  const i = bytes.length === 0 ? 0 : m.at % bytes.length;
  if (m.op === 'flip') return Buffer.concat([bytes.subarray(0, i), Buffer.from([m.value]), bytes.subarray(i + 1)]);
  if (m.op === 'truncate') return bytes.subarray(0, i);
  if (m.op === 'insert') return Buffer.concat([bytes.subarray(0, i), Buffer.from(m.bytes), bytes.subarray(i)]);
  const out = Buffer.from(bytes);
  out.fill(0, i, Math.min(i + m.length, out.length));
  return out;
}

/** Every array and object in a JSON value, depth first. */
function containers(value: unknown, out: (unknown[] | Record<string, unknown>)[] = []) {
  if (Array.isArray(value)) {
    out.push(value);
    for (const v of value) containers(v, out);
  } else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) containers(v, out);
  }
  return out;
}

/** One value of the document replaced, a key dropped, or an array element doubled. */
function mutateValue(text: string, c: Extract<Case, { kind: 'value' }>): string {
  const doc = JSON.parse(text) as unknown;
  const all = containers(doc);
  const target = all[c.at % all.length];
  if (Array.isArray(target)) {
    if (target.length === 0) target.push(ODD_VALUES[c.value]);
    else if (c.duplicate) target.push(structuredClone(target[c.at % target.length]));
    else if (c.drop) target.splice(c.at % target.length, 1);
    else target[c.at % target.length] = ODD_VALUES[c.value];
  } else if (target) {
    const keys = Object.keys(target);
    const key = keys[c.at % Math.max(keys.length, 1)] ?? 'extra';
    if (c.drop) delete target[key];
    else target[key] = ODD_VALUES[c.value];
  }
  return JSON.stringify(doc, null, text.includes('\n  ') ? 2 : undefined);
}

/**
 * A bundle whose entry `name` now holds `text`, with the manifest's sizes and
 * hashes and the manifest's own hash recomputed: what someone forging a bundle
 * writes, so the checks past the hashes are reached.
 */
async function forged(entries: Map<string, Buffer>, name: string, text: string): Promise<Buffer> {
  const copy = new Map(entries);
  copy.set(name, Buffer.from(text));
  if (name !== 'manifest.json') {
    try {
      const manifest = JSON.parse(copy.get('manifest.json')!.toString()) as {
        entries: { path: string; size: number; sha256: string }[];
      };
      manifest.entries = manifest.entries.map((e) => {
        const bytes = copy.get(e.path) ?? Buffer.alloc(0);
        return { path: e.path, size: bytes.length, sha256: sha256(bytes) };
      });
      copy.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    } catch {
      // the manifest stays as it was
    }
  }
  copy.set('manifest.sha256', Buffer.from(`${sha256(copy.get('manifest.json')!)}\n`));
  const files = scratch();
  try {
    const out = `${files.dir}/forged.renfe`;
    await writeZip(
      out,
      [...copy].map(([n, data]) => ({ name: n, data })),
    );
    return readFileSync(out);
  } finally {
    files.done();
  }
}

describe.each(DIALECTS)('bundles fuzzed on $name', (dialect) => {
  let source: TestDatabase;
  let target: TestDatabase;
  let from: App;
  let into: App;
  let owner: Principal;
  let original: Buffer;
  let entries: Map<string, Buffer>;
  const JSON_ENTRIES = ['assessment.json', 'frameworks/0.json', 'audit.json', 'manifest.json'];
  const files = scratch();

  beforeAll(async () => {
    source = await dialect.fresh();
    ({ app: from } = await testApp(source));
    const init = await from.auth.init({ orgName: 'Fuzz', email: 'fuzz@acme.test', password: PASSWORD });
    const author = await from.auth.authenticate({ sessionSecret: init.session.token });
    const created = await from.assessment.create(author, {
      subject: 'Fuzzed bundle',
      frameworks: ['nist-csf-2.0'],
      domains: ['RC'],
    });
    await from.assessment.answer(author, {
      assessmentId: created.id,
      question: 'RC.RP-01.Q1',
      value: 'yes',
      note: 'fine',
    });
    await from.assessment.answer(author, { assessmentId: created.id, question: 'RC.RP-02.Q1', value: 3 });
    await from.assessment.addEvidence(author, {
      assessmentId: created.id,
      question: 'RC.RP-01.Q1',
      file: { name: 'plan.txt', content: Buffer.from('recovery plan v3\n') },
    });
    await from.assessment.addEvidence(author, {
      assessmentId: created.id,
      question: 'RC.RP-02.Q1',
      url: 'https://intranet.test/plan',
    });
    const bundle = `${files.dir}/source.renfe`;
    await from.sync.exportBundle(author, { id: created.id, file: bundle });
    original = readFileSync(bundle);
    entries = await readZip(bundle);

    target = await dialect.fresh();
    ({ app: into } = await testApp(target));
    const other = await into.auth.init({ orgName: 'Target', email: 'fuzz@target.test', password: PASSWORD });
    owner = await into.auth.authenticate({ sessionSecret: other.session.token });
  });

  afterAll(async () => {
    try {
      await from?.close();
      await into?.close();
    } finally {
      await source?.drop();
      await target?.drop();
      files.done();
    }
  });

  it('assessment import --bundle and bundle verify: never a crash, a documented exit code, one line, nothing written on refusal', async () => {
    const imports = newTally();
    const verifies = newTally();
    let n = 0;
    await runProperty(cases, casesOn(dialect.name, 250), async (c) => {
      let bytes: Buffer;
      let shown: string;
      if (c.kind === 'bytes') {
        bytes = c.mutations.reduce(mutateBytes, original);
        shown = `bytes ${JSON.stringify(c.mutations)}`;
      } else {
        const name = JSON_ENTRIES[c.entry % JSON_ENTRIES.length]!;
        const text = entries.get(name)!.toString();
        const changed = c.kind === 'text' ? applyAll(text, c.mutations) : mutateValue(text, c);
        bytes = await forged(entries, name, changed);
        shown = `${c.kind} ${name}: ${JSON.stringify(c).slice(0, 300)} -> ${preview(changed.slice(0, 300))}`;
      }
      const file = `${files.dir}/case-${n++}.renfe`;
      writeFileSync(file, bytes);
      await expectSafe(
        into,
        verifies,
        () => verifyBundleFile(file),
        () => shown,
      );
      await expectSafe(
        into,
        imports,
        () => into.sync.importBundle(owner, { file, asCopy: c.asCopy }),
        () => shown,
      );
    });
    console.log(describeTally(`bundle import on ${dialect.name}`, imports));
    console.log(describeTally(`bundle verify on ${dialect.name}`, verifies));
    expect(imports.cases).toBe(casesOn(dialect.name, 250));
    // The mutations reach past the hashes: most forged cases are refused by the checks behind them.
    expect(Object.keys(imports.refused).length).toBeGreaterThanOrEqual(3);
    const audit = await into.audit.verify(owner);
    expect(audit.ok).toBe(true);
  }, 300_000);
});
