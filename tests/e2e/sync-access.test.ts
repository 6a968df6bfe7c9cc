import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { addMember, expectExit, initWorkspace, login, type Person } from './helpers.js';
import {
  answers,
  CENTRAL,
  centralWithConsultants,
  expectChainsVerify,
  signInCentral,
  type SyncSummaryJson,
} from './sync-helpers.js';

const Q1 = 'GV.OC-01.Q1';
const Q2 = 'GV.OC-02.Q1';

describe(`sync: the central ${CENTRAL.name} side checks who pushes, as every use case does`, () => {
  it('refuses a push into another organisation, a viewer, a stranger, and a second organisation for the same workspace', async () => {
    const { sandbox, boss, central, people } = await centralWithConsultants(['ana']);
    const [ana] = people as [Person];
    await addMember(boss, 'acme', 'vic@acme.test', 'viewer');
    const vic = sandbox.person('vic', { defaultDatabase: true });
    await initWorkspace(vic, 'vic-laptop', 'vic@acme.test');
    await signInCentral(vic, central, 'vic@acme.test');
    const id = (
      await ana.ok(['assessment', 'create', '--subject', 'Hospital', '--framework', 'nist-csf-2.0'])
    ).stdout.trim();
    await ana.ok(['assessment', 'answer', id, Q1, 'yes']);
    const copyOfAna = `${ana.dir}/copy.db`;
    const source = new Database(ana.defaultDatabase);
    source.exec(`vacuum into '${copyOfAna}'`);
    source.close();
    await ana.ok(['sync', 'push', '--to', central]);

    // Another organisation on the central side, with a consultant of its own.
    await boss.ok(['org', 'create', 'Rival']);
    const rival = (await boss.json<{ slug: string }[]>(['org', 'list'])).find((o) => o.slug !== 'acme')?.slug as string;
    await addMember(boss, rival, 'carl@acme.test', 'consultant');
    // Carl holds a copy of ana's file, made before she first pushed, and answers in it.
    const carl = sandbox.person('carl', { defaultDatabase: true });
    mkdirSync(dirname(carl.defaultDatabase), { recursive: true });
    const copy = new Database(copyOfAna);
    copy.exec(`vacuum into '${carl.defaultDatabase}'`);
    copy.close();
    expectExit(await login(carl, 'ana@acme.test'), 0);
    await signInCentral(carl, central, 'carl@acme.test');
    await carl.ok(['assessment', 'answer', id, Q2, 'no']);
    const intoRival = await carl.jsonError(['sync', 'push', '--to', central], 4);
    expect(intoRival.error.code).toBe('SYNC.NOT_IN_ORGANISATION');
    const intoAcme = await carl.jsonError(['sync', 'push', '--to', central, '--peer-org', 'acme'], 4);
    expect(intoAcme.error.code).toBe('AUTH.ORG_NOT_FOUND');
    expect((await answers(boss, id)).has(Q2)).toBe(false);

    // Ana is a member of both there; her workspace synced with acme, so rival is refused.
    await addMember(boss, rival, 'ana@acme.test', 'consultant');
    await signInCentral(ana, central, 'ana@acme.test');
    await ana.ok(['assessment', 'answer', id, Q2, 'partial']);
    const bound = await ana.jsonError(['sync', 'push', '--to', central, '--peer-org', rival], 7);
    expect(bound.error.code).toBe('SYNC.PEER_BOUND');
    expect(await boss.json<unknown[]>(['--org', rival, 'assessment', 'list'])).toEqual([]);

    // A viewer may pull, not push.
    await vic.ok(['sync', 'pull', '--from', central, '--assessment', id]);
    await vic.ok(['assessment', 'answer', id, Q2, 'yes']);
    const viewer = await vic.jsonError(['sync', 'push', '--to', central], 7);
    expect(viewer.error.kind).toBe('forbidden');
    expect(await vic.json<{ toSend: number }[]>(['sync', 'status'])).toMatchObject([{ toSend: 1 }]);

    // Nobody signed in there: nothing moves.
    const dan = sandbox.person('dan', { defaultDatabase: true });
    await initWorkspace(dan, 'dan-laptop', 'dan@acme.test');
    const stranger = await dan.jsonError(['sync', 'push', '--to', central], 6);
    expect(stranger.error.code).toBe('SYNC.PEER_SIGN_IN');

    expect((await answers(boss, id)).has(Q2)).toBe(false);
    await expectChainsVerify({ person: boss }, { person: ana }, { person: carl }, { person: vic });
  }, 240_000);

  it('a tampered local file cannot forge the central audit trail: the central side writes its own entries', async () => {
    const { boss, central, people } = await centralWithConsultants(['ana']);
    const [ana] = people as [Person];
    const id = (
      await ana.ok(['assessment', 'create', '--subject', 'Hospital', '--framework', 'nist-csf-2.0'])
    ).stdout.trim();
    await ana.ok(['assessment', 'answer', id, Q1, 'yes']);
    await ana.ok(['sync', 'push', '--to', central]);
    await ana.ok(['assessment', 'answer', id, Q1, 'no']);

    // Ana edits her file: the answer claims the owner gave it, and her audit trail is rewritten.
    const db = new Database(ana.defaultDatabase);
    db.prepare(`update assessment_answers set answered_by = 'boss@acme.test' where qid = ?`).run(Q1);
    db.prepare(`update audit_events set actor_label = 'boss@acme.test'`).run();
    db.close();
    expectExit(await ana.run(['audit', 'verify']), 5);

    const pushed = await ana.json<SyncSummaryJson>(['sync', 'push', '--to', central]);
    expect(pushed.sent).toBe(1);
    const entries = await boss.json<{ actor: { label: string }; details: { record: string; by: string } }[]>([
      'audit',
      'list',
      '--action',
      'sync.received',
    ]);
    // Newest first: the change is recorded as pushed by ana, whatever her file claims.
    const last = entries.find((e) => e.details.record.endsWith(Q1));
    expect(last?.actor.label).toBe('ana@acme.test');
    // Nothing of her trail was copied: the central chain holds no entry by the owner that the owner did not make.
    const all = await boss.json<{ action: string; actor: { label: string } }[]>(['audit', 'list', '--limit', '500']);
    const byBoss = all.filter((e) => e.actor.label === 'boss@acme.test').map((e) => e.action);
    expect(byBoss.filter((a) => a.startsWith('assessment.') || a.startsWith('sync.'))).toEqual([]);
    await expectChainsVerify({ person: boss });
  }, 240_000);
});
