import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import { appPeer } from '../../../src/contexts/sync/adapters/peer/app-peer.js';
import type { PeerConnection } from '../../../src/contexts/sync/application/sync-ports.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, testApp } from '../../support/app.js';

const sqlite = DIALECTS[0] as (typeof DIALECTS)[number];

describe.each(DIALECTS)('sync use cases: SQLite workspace to a central $name database', (dialect) => {
  let dbs: TestDatabase[] = [];
  let local: App;
  let central: App;
  let ana: Principal;
  let boss: Principal;
  let peer: PeerConnection;
  let id: string;

  beforeEach(async () => {
    dbs = [await sqlite.fresh(), await dialect.fresh()];
    ({ app: local } = await testApp(dbs[0] as TestDatabase));
    ({ app: central } = await testApp(dbs[1] as TestDatabase));
    ana = await local.auth.authenticate({
      sessionSecret: (await local.auth.init({ orgName: 'Ana laptop', email: 'ana@acme.test', password: PASSWORD }))
        .session.token,
    });
    boss = await central.auth.authenticate({
      sessionSecret: (await central.auth.init({ orgName: 'Acme', email: 'ana@acme.test', password: PASSWORD })).session
        .token,
    });
    peer = appPeer(central, boss, 'central');
    ({ id } = await local.assessment.create(ana, { subject: 'Plant', frameworks: ['nist-csf-2.0'], domains: ['RC'] }));
    await local.assessment.answer(ana, { assessmentId: id, question: 'RC.RP-01.Q1', value: 'no' });
  });

  afterEach(async () => {
    await local.close();
    await central.close();
    for (const d of dbs) await d.drop();
  });

  const answerOf = async (app: App, principal: Principal, question: string) =>
    (await app.assessment.questions(principal, id)).find((r) => r.question === question)?.value ?? null;

  it('carries findings tracking and evidence files and links, and a cleared answer as a tombstone', async () => {
    await local.assessment.addEvidence(ana, {
      assessmentId: id,
      question: 'RC.RP-01.Q1',
      file: { name: 'restore-test.pdf', content: Buffer.from('%PDF-1.4 restore test') },
    });
    await local.assessment.addEvidence(ana, {
      assessmentId: id,
      question: 'RC.RP-01.Q1',
      url: 'https://wiki.acme.test/restore',
    });
    const [finding] = await local.assessment.findings(ana, id);
    await local.assessment.updateFinding(ana, (finding as { id: string }).id, { owner: 'Luis', status: 'in_progress' });
    const first = await local.sync.push(ana, { peer });
    expect(first).toMatchObject({ sent: 5, conflicts: 0 });
    const evidence = await central.assessment.listEvidence(boss, id);
    expect(evidence.map((e) => e.name).sort()).toEqual(['https://wiki.acme.test/restore', 'restore-test.pdf']);
    const exported = await central.assessment.export(boss, id);
    const file = exported.data.evidence.find((e) => e.kind === 'file');
    expect((await exported.evidenceContent(file?.id as string))?.toString()).toBe('%PDF-1.4 restore test');
    expect((await central.assessment.findings(boss, id))[0]).toMatchObject({ owner: 'Luis' });

    await local.assessment.answer(ana, { assessmentId: id, question: 'RC.RP-01.Q1', value: null });
    expect(await local.sync.push(ana, { peer })).toMatchObject({ sent: 1, conflicts: 0 });
    expect(await answerOf(central, boss, 'RC.RP-01.Q1')).toBeNull();
    const entries = await central.audit.list(boss, { limit: 5 });
    expect(entries[0]).toMatchObject({
      action: 'sync.deleted',
      details: { record: 'answer:nist-csf-2.0@2.0:RC.RP-01.Q1' },
    });
  });

  it('a change here against a deletion there is a conflict; resolutions refuse what does not fit', async () => {
    await local.sync.push(ana, { peer });
    await central.assessment.answer(boss, { assessmentId: id, question: 'RC.RP-01.Q1', value: null });
    await local.assessment.answer(ana, { assessmentId: id, question: 'RC.RP-01.Q1', value: 'partial' });
    expect(await local.sync.push(ana, { peer })).toMatchObject({ sent: 0, conflicts: 1 });
    const audited = async () => (await local.audit.list(ana, { limit: 1000 })).map((e) => e.action);
    const before = await audited();
    expect(await local.sync.push(ana, { peer })).toMatchObject({ sent: 0, conflicts: 1 });
    expect((await audited()).filter((a) => a.startsWith('sync.conflict'))).toEqual(['sync.conflict_found']);
    expect((await audited()).length).toBe(before.length);
    const [conflict] = await local.sync.conflicts(ana, { all: false });
    expect(conflict).toMatchObject({ kind: 'answer', remote: null, local: { value: { value: 'partial' } } });
    const cid = (conflict as { id: string }).id;

    await expect(local.sync.resolve(ana, { id: 'nosuchid', take: 'local' })).rejects.toMatchObject({
      code: 'SYNC.CONFLICT_NOT_FOUND',
    });
    await expect(local.sync.resolve(ana, { id: cid, take: 'value' })).rejects.toMatchObject({
      code: 'SYNC.BAD_RESOLUTION',
    });
    await expect(local.sync.resolve(ana, { id: cid, take: 'local', value: 'yes' })).rejects.toMatchObject({
      code: 'SYNC.BAD_RESOLUTION',
    });
    expect(await local.sync.resolve(ana, { id: cid, take: 'local' })).toMatchObject({ next: 'push' });
    await expect(local.sync.resolve(ana, { id: cid, take: 'remote' })).rejects.toMatchObject({
      code: 'SYNC.CONFLICT_RESOLVED',
    });
    expect(await local.sync.push(ana, { peer })).toMatchObject({ sent: 1, conflicts: 0 });
    expect(await answerOf(central, boss, 'RC.RP-01.Q1')).toBe('partial');
    const [status] = await local.sync.status(ana, { peer });
    expect(status).toMatchObject({ toSend: 0, toReceive: 0, conflicts: 0 });
  });

  it('the central side refuses changes to an assessment final there, and changes that do not fit, writing nothing', async () => {
    await local.sync.push(ana, { peer });
    await local.assessment.answer(ana, { assessmentId: id, question: 'RC.RP-02.Q1', value: '3' });
    const rogue = {
      assessmentId: id,
      location: 'central',
      origin: { database: 'local', organisation: 'ana-laptop', by: 'ana@acme.test' },
    };
    const before = (await central.audit.list(boss, { limit: 1000 })).length;
    await expect(
      central.sync.receive(boss, {
        ...rogue,
        changes: [
          {
            key: 'answer:nist-csf-2.0@2.0:NO.SUCH-01.Q1',
            record: {
              key: 'answer:nist-csf-2.0@2.0:NO.SUCH-01.Q1',
              kind: 'answer',
              revision: 'x',
              value: { value: 'yes', note: null },
              by: 'boss@acme.test',
              at: null,
            },
          },
        ],
      }),
    ).rejects.toMatchObject({ code: 'SYNC.BAD_CHANGE' });
    await expect(
      central.sync.receive(boss, { ...rogue, changes: [{ key: 'assessment', record: null }] }),
    ).rejects.toMatchObject({ code: 'SYNC.BAD_CHANGE' });
    const evidence = {
      key: 'evidence:e-1',
      record: {
        key: 'evidence:e-1',
        kind: 'evidence' as const,
        revision: 'x',
        value: {
          id: 'e-1',
          framework: 'nist-csf-2.0@2.0',
          question: 'RC.RP-01.Q1',
          kind: 'file',
          name: 'policy.pdf',
          sha256: 'a'.repeat(64),
          size: 5,
          url: null,
        },
        by: 'ana@acme.test',
        at: null,
      },
      content: Buffer.from('bytes'),
    };
    await expect(central.sync.receive(boss, { ...rogue, changes: [evidence] })).rejects.toMatchObject({
      code: 'SYNC.BAD_CHANGE',
      message: expect.stringContaining('do not match their SHA-256'),
    });
    await expect(
      central.sync.receive(boss, { ...rogue, changes: [{ key: evidence.key, record: evidence.record }] }),
    ).rejects.toMatchObject({ message: expect.stringContaining('without its bytes') });
    expect(await central.assessment.listEvidence(boss, id)).toEqual([]);
    expect((await central.audit.list(boss, { limit: 1000 })).length).toBe(before);

    await central.assessment.changeStatus(boss, id, 'review');
    await central.assessment.changeStatus(boss, id, 'finalize');
    await expect(local.sync.push(ana, { peer })).rejects.toMatchObject({ code: 'SYNC.ASSESSMENT_FINAL' });
    expect(await answerOf(central, boss, 'RC.RP-02.Q1')).toBeNull();
  });
});
