import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Person, Sandbox } from './helpers.js';
import { CENTRAL, centralWithConsultants, expectChainsVerify, type SyncSummaryJson } from './sync-helpers.js';

const ANONYMOUS = fileURLToPath(new URL('../contexts/survey/fixtures/all-types.yaml', import.meta.url));
const TINY = fileURLToPath(new URL('../contexts/training/fixtures/tiny.yaml', import.meta.url));

interface ScopeJson {
  scope: string;
  created: boolean;
  sent: number;
  received: number;
  unchanged: number;
}
type PeopleSummaryJson = SyncSummaryJson & { surveys: ScopeJson[]; training: ScopeJson[]; notes: string[] };

/** Every row of one table of the central database, as the database holds it. */
async function centralRows(sandbox: Sandbox, table: string): Promise<Record<string, unknown>[]> {
  if (sandbox.dialect === 'sqlite') {
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(sandbox.database, { readonly: true, timeout: 15_000 });
    try {
      return db.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: sandbox.database });
  await client.connect();
  try {
    return (await client.query(`select * from "${table}"`)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

async function respond(person: Person, token: string, answers: Record<string, unknown>, n: number) {
  const file = join(person.home, `answers-${n}.json`);
  writeFileSync(file, JSON.stringify(answers));
  await person.ok(['survey', 'respond', token, '--answers', file]);
}

describe(`sync of surveys and training: a SQLite workspace and a central ${CENTRAL.name} database, real CLI`, () => {
  it('pushes anonymous responses and recorded training, idempotently, keeping the anonymity in the central tables', async () => {
    const { sandbox, boss, central, people } = await centralWithConsultants(['ana'], 'admin');
    const [ana] = people as [Person];

    // At the client site: a survey taken by two people, one left unfinished, and a completion recorded.
    await ana.ok(['survey', 'create', '--from', ANONYMOUS]);
    await ana.ok(['survey', 'publish', 'all-types']);
    const tokens = (
      await ana.json<{ invitations: { token: string }[] }>(['survey', 'invite', 'all-types', '--count', '3'])
    ).invitations.map((i) => i.token);
    await respond(ana, tokens[0] as string, { lk: 4, np: 9, sc: 'remote', yn: 'no' }, 1);
    await respond(ana, tokens[1] as string, { lk: 2, np: 6, sc: 'office', yn: 'yes', fu: 'A USB stick' }, 2);
    await ana.ok(['training', 'course', 'import', TINY]);
    await boss.ok(['training', 'course', 'import', TINY]);
    const attempt = (
      await ana.json<{ id: string }>([
        'training',
        'record',
        '--user',
        'ana@acme.test',
        '--course',
        'tiny',
        '--score',
        '80',
        '--completed-at',
        '2026-01-12',
      ])
    ).id;

    const unversioned = await ana.jsonError(['sync', 'push', '--to', central, '--survey', 'all-types'], 2);
    expect(unversioned.error.message).toBe('--survey takes a version as key@version, got "all-types"');
    const unknown = await ana.jsonError(['sync', 'push', '--to', central, '--course', 'phishing@1'], 4);
    expect(unknown.error).toMatchObject({ code: 'SYNC.UNKNOWN_SCOPE' });

    const first = await ana.json<PeopleSummaryJson>(['sync', 'push', '--to', central]);
    expect(first.surveys).toEqual([expect.objectContaining({ scope: 'all-types@1', created: true, sent: 2 })]);
    expect(first.training).toEqual([expect.objectContaining({ scope: 'tiny@1', sent: 1 })]);
    expect(first).toMatchObject({ sent: 3, conflicts: 0, notes: [] });

    const results = await boss.json<{ completed: number; questions: { id: string; mean: number | null }[] }>([
      'survey',
      'results',
      'all-types@1',
    ]);
    expect(results.completed).toBe(2);
    expect(results.questions.find((q) => q.id === 'lk')?.mean).toBe(3);
    const attempts = await boss.json<{ id: string; email: string; status: string; score: number }[]>([
      'training',
      'attempts',
      '--course',
      'tiny',
    ]);
    expect(attempts).toEqual([
      expect.objectContaining({ id: attempt, email: 'ana@acme.test', status: 'passed', score: 80 }),
    ]);

    // The central tables hold the anonymous responses with days only, and no audit entry names one.
    const responses = await centralRows(sandbox, 'survey_responses');
    expect(responses).toHaveLength(2);
    for (const r of responses) {
      expect(r).toMatchObject({ respondent_email: null, invitation_id: null, resume_key: null, submitted_at: null });
      expect(String(r.submitted_day)).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
    const trail = JSON.stringify(await centralRows(sandbox, 'audit_events'));
    for (const r of responses) expect(trail).not.toContain(String(r.id));

    const again = await ana.json<PeopleSummaryJson>(['sync', 'push', '--to', central]);
    expect(again).toMatchObject({ sent: 0, conflicts: 0 });
    expect(again.surveys[0]).toMatchObject({ sent: 0, unchanged: 2 });
    const status = await ana.json<{ toSend: number; surveys: ScopeJson[]; training: ScopeJson[] }[]>([
      'sync',
      'status',
      '--with',
      central,
    ]);
    expect(status[0]).toMatchObject({ toSend: 0, toReceive: 0 });
    expect(status[0]?.surveys).toEqual([{ scope: 'all-types@1', toSend: 0, toReceive: 0, unchanged: 2, conflicts: 0 }]);

    // Annulled here, annulled there.
    await ana.ok(['training', 'attempt', 'annul', attempt]);
    const local = await ana.json<{ toSend: number; training: { toSend: number }[] }[]>(['sync', 'status']);
    expect(local[0]?.training[0]?.toSend).toBe(1);
    const annulled = await ana.run(['sync', 'push', '--to', central]);
    expect(annulled.code).toBe(0);
    expect(annulled.stderr).toMatch(/sent 1, 2 unchanged, 0 in conflict/);
    const after = await boss.json<{ status: string }[]>(['training', 'attempts', '--course', 'tiny']);
    expect(after[0]?.status).toBe('annulled');
    const entries = await boss.json<
      { action: string; actor: { label: string }; details: { origin: { organisation: string } } }[]
    >(['audit', 'list', '--action', 'sync.received']);
    expect(entries).toHaveLength(3);
    expect(
      entries.every((e) => e.actor.label === 'ana@acme.test' && e.details.origin.organisation === 'ana-laptop'),
    ).toBe(true);
    await expectChainsVerify({ person: boss }, { person: ana });
  }, 240_000);
});
