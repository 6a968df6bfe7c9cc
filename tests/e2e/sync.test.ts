import { describe, expect, it } from 'vitest';
import type { Person } from './helpers.js';
import {
  answerLines,
  answers,
  CENTRAL,
  centralWithConsultants,
  type ConflictJson,
  evidenceFile,
  expectChainsVerify,
  type SyncSummaryJson,
} from './sync-helpers.js';

// Yes/no questions that are always asked.
const QUESTIONS = [
  'GV.OC-01.Q1',
  'GV.OC-02.Q1',
  'GV.OC-03.Q1',
  'GV.OC-04.Q1',
  'GV.OC-05.Q1',
  'GV.RM-02.Q1',
  'GV.RM-03.Q1',
  'GV.RM-04.Q1',
  'GV.RM-05.Q1',
];
const Q = (n: number) => QUESTIONS[n - 1] as string;

async function answer(person: Person, id: string, question: string, value: string): Promise<void> {
  await person.ok(['assessment', 'answer', id, question, value]);
}

describe(`sync: two consultants offline on SQLite, one central ${CENTRAL.name} database`, () => {
  it('keeps exactly the overlapping changed answers as conflicts, merges the rest, is idempotent, and resolves', async () => {
    const { boss, central, people } = await centralWithConsultants(['ana', 'ben']);
    const [ana, ben] = people as [Person, Person];

    const id = (
      await ana.ok(['assessment', 'create', '--subject', 'Hospital', '--framework', 'nist-csf-2.0'])
    ).stdout.trim();
    for (const n of [1, 2, 3, 4, 5]) await answer(ana, id, Q(n), 'yes');
    await ana.ok(['assessment', 'answer', id, Q(6), 'no', '--note', 'no inventory yet']);
    await ana.ok(['assessment', 'evidence', 'add', id, Q(1), '--file', evidenceFile(ana.home, 1)]);
    await ana.ok(['finding', 'update', `${id}:GV.RM-02`, '--owner', 'Luis', '--status', 'in_progress']);

    const first = await ana.json<SyncSummaryJson>(['sync', 'push', '--to', central]);
    expect(first.organisation).toBe('acme');
    expect(first.assessments[0]?.created).toBe(true);
    // The assessment, 6 answers, 1 evidence file, 1 finding.
    expect(first).toMatchObject({ sent: 9, received: 0, conflicts: 0 });
    const again = await ana.json<SyncSummaryJson>(['sync', 'push', '--to', central]);
    expect(again).toMatchObject({ sent: 0, received: 0, unchanged: 9, conflicts: 0 });

    const pulled = await ben.json<SyncSummaryJson>(['sync', 'pull', '--from', central, '--assessment', id]);
    expect(pulled).toMatchObject({ received: 9, sent: 0, conflicts: 0 });
    expect(answerLines(await answers(ben, id))).toEqual(answerLines(await answers(ana, id)));
    const evidence = await ben.json<{ name: string; sha256: string }[]>(['assessment', 'evidence', 'list', id]);
    expect(evidence.map((e) => e.name)).toEqual(['evidence-1.bin']);

    // Offline. Overlapping and different: Q1 (both changed), Q9 (both answered, neither had it).
    // Overlapping and the same: Q2. One side only: Q7 (ana), Q3, Q8 and the cleared Q4 (ben).
    await answer(ana, id, Q(1), 'no');
    await answer(ana, id, Q(2), 'partial');
    await answer(ana, id, Q(7), 'yes');
    await answer(ana, id, Q(9), 'no');
    await answer(ben, id, Q(1), 'partial');
    await answer(ben, id, Q(2), 'partial');
    await answer(ben, id, Q(3), 'no');
    await ben.ok(['assessment', 'answer', id, Q(4), '--clear']);
    await answer(ben, id, Q(8), 'yes');
    await answer(ben, id, Q(9), 'partial');

    const anaPush = await ana.json<SyncSummaryJson>(['sync', 'push', '--to', central]);
    expect(anaPush).toMatchObject({ sent: 4, conflicts: 0 });
    const benPush = await ben.json<SyncSummaryJson>(['sync', 'push', '--to', central]);
    // Q3, the Q4 tombstone and Q8 go; Q2 is the same on both sides; Q7 waits for a pull.
    expect(benPush).toMatchObject({ sent: 3, conflicts: 2, waiting: 1 });

    const conflicts = await ben.json<ConflictJson[]>(['sync', 'conflicts']);
    expect(conflicts.map((c) => c.record).sort()).toEqual([
      `answer nist-csf-2.0@2.0 ${Q(1)}`,
      `answer nist-csf-2.0@2.0 ${Q(9)}`,
    ]);
    const q1 = conflicts.find((c) => c.record.endsWith(Q(1))) as ConflictJson;
    const q9 = conflicts.find((c) => c.record.endsWith(Q(9))) as ConflictJson;
    expect(q1.local).toMatchObject({ value: { value: 'partial' }, by: 'ben@acme.test' });
    expect(q1.remote).toMatchObject({ value: { value: 'no' }, by: 'ana@acme.test' });
    expect(q1.local?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(q9.remote).toMatchObject({ value: { value: 'no' }, by: 'ana@acme.test' });

    // Neither value was overwritten.
    const centralBefore = await answers(boss, id);
    expect(centralBefore.get(Q(1))?.value).toBe('no');
    expect((await answers(ben, id)).get(Q(1))?.value).toBe('partial');
    expect(centralBefore.get(Q(3))?.value).toBe('no');
    expect(centralBefore.has(Q(4))).toBe(false);
    expect(centralBefore.get(Q(8))?.value).toBe('yes');

    // A second push moves nothing and keeps the same two conflicts.
    expect(await ben.json<SyncSummaryJson>(['sync', 'push', '--to', central])).toMatchObject({ sent: 0, conflicts: 2 });
    expect((await ben.json<ConflictJson[]>(['sync', 'conflicts'])).map((c) => c.id).sort()).toEqual(
      conflicts.map((c) => c.id).sort(),
    );

    await ben.ok(['sync', 'resolve', q1.id, '--take', 'value', '--value', 'yes']);
    await ben.ok(['sync', 'resolve', q9.id, '--take', 'remote']);
    expect(await ben.json<ConflictJson[]>(['sync', 'conflicts'])).toEqual([]);
    expect((await answers(ben, id)).get(Q(9))?.value).toBe('no');
    expect(await ben.json<SyncSummaryJson>(['sync', 'push', '--to', central])).toMatchObject({ sent: 1, conflicts: 0 });
    expect((await answers(boss, id)).get(Q(1))?.value).toBe('yes');
    expect(await ben.json<SyncSummaryJson>(['sync', 'push', '--to', central])).toMatchObject({ sent: 0, conflicts: 0 });

    // Both pull what the other sent (ana: Q1, Q3, the Q4 tombstone, Q8); all three hold the same answers.
    expect(await ben.json<SyncSummaryJson>(['sync', 'pull', '--from', central])).toMatchObject({
      received: 1,
      conflicts: 0,
    });
    expect(await ana.json<SyncSummaryJson>(['sync', 'pull', '--from', central])).toMatchObject({
      received: 4,
      conflicts: 0,
    });
    const final = answerLines(await answers(boss, id));
    expect(answerLines(await answers(ana, id))).toEqual(final);
    expect(answerLines(await answers(ben, id))).toEqual(final);
    const status = await ana.json<{ toSend: number; toReceive: number; conflicts: number }[]>([
      'sync',
      'status',
      '--with',
      central,
    ]);
    expect(status[0]).toMatchObject({ toSend: 0, toReceive: 0, conflicts: 0 });

    // The central chain has its own entries for each change, by the person who pushed it, naming the origin.
    const received = await boss.json<
      { action: string; actor: { label: string }; details: { record: string; origin: { organisation: string } } }[]
    >(['audit', 'list', '--action', 'sync.received', '--limit', '100']);
    const q1Entries = received.filter((e) => e.details.record === `answer:nist-csf-2.0@2.0:${Q(1)}`);
    expect(q1Entries.map((e) => e.actor.label).sort()).toEqual(['ana@acme.test', 'ben@acme.test']);
    expect(q1Entries.map((e) => e.details.origin.organisation).sort()).toEqual(['ana-laptop', 'ben-laptop']);
    await expectChainsVerify({ person: boss }, { person: ana }, { person: ben });
  }, 240_000);
});
