import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/composition.js';
import { appPeer } from '../../../src/contexts/sync/adapters/peer/app-peer.js';
import type { PeerConnection } from '../../../src/contexts/sync/application/sync-ports.js';
import type { Principal } from '../../../src/kernel/principal.js';
import { DIALECTS, type TestDatabase } from '../../support/databases.js';
import { PASSWORD, signIn, TestClock, testApp } from '../../support/app.js';

const sqlite = DIALECTS[0] as (typeof DIALECTS)[number];
const surveyFixture = (name: string) => fileURLToPath(new URL(`../survey/fixtures/${name}.yaml`, import.meta.url));
const TINY = fileURLToPath(new URL('../training/fixtures/tiny.yaml', import.meta.url));

/** Answers of the all-types and named-check fixtures that every condition accepts. */
const ANSWERS = [
  { lk: 4, np: 9, sc: 'remote', mc: ['mail', 'other:Printer'], yn: 'yes', fu: 'A phishing mail' },
  { lk: 2, np: 3, sc: 'office', yn: 'no', tx: 'More training please' },
  { lk: 5, np: 10, sc: 'field', yn: 'no' },
];

describe.each(DIALECTS)(
  'sync of survey responses and training attempts: SQLite workspace to central $name',
  (dialect) => {
    let dbs: TestDatabase[] = [];
    let local: App;
    let central: App;
    let ana: Principal;
    let boss: Principal;
    let peer: PeerConnection;
    let dir: string;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'renfe-sync-people-'));
      dbs = [await sqlite.fresh(), await dialect.fresh()];
      ({ app: local } = await testApp(dbs[0] as TestDatabase, new TestClock('2026-03-10T09:15:42.123Z')));
      ({ app: central } = await testApp(dbs[1] as TestDatabase, new TestClock('2026-03-11T16:05:07.456Z')));
      ana = await local.auth.authenticate({
        sessionSecret: (await local.auth.init({ orgName: 'Ana laptop', email: 'ana@acme.test', password: PASSWORD }))
          .session.token,
      });
      boss = await central.auth.authenticate({
        sessionSecret: (await central.auth.init({ orgName: 'Acme', email: 'boss@acme.test', password: PASSWORD }))
          .session.token,
      });
      peer = appPeer(central, boss, 'central');
    });

    afterEach(async () => {
      await local.close();
      await central.close();
      for (const d of dbs) await d.drop();
    });

    async function publish(app: App, who: Principal, name: string): Promise<string> {
      const created = await app.survey.create(who, surveyFixture(name));
      await app.survey.publish(who, created.survey);
      return `${created.survey}@${created.version}`;
    }

    /** Submits responses through one-time links, as respondents do. */
    async function respond(app: App, who: Principal, ref: string, answers: readonly Record<string, unknown>[]) {
      const named = ref.startsWith('named-check');
      const issued = await app.survey.invite(
        who,
        ref,
        named ? { emails: answers.map((_, i) => `person${i}@acme.test`) } : { count: answers.length },
      );
      for (const [i, a] of answers.entries()) await app.survey.respond(issued.invitations[i]!.token, a);
    }

    /** What survey results says, without what depends on invitations (each database has its own). */
    async function figures(app: App, who: Principal, ref: string) {
      const r = await app.survey.results(who, ref);
      return { completed: r.completed, questions: r.questions };
    }

    const raw = (app: App, table: 'survey_responses' | 'survey_group_counts' | 'audit_events' | 'sync_state') =>
      app.handle.db.selectFrom(table).selectAll().execute() as Promise<Record<string, unknown>[]>;

    it('carries anonymous and named responses, creating the versions there; counts them there; a second push sends none', async () => {
      const anonymous = await publish(local, ana, 'all-types');
      const named = await publish(local, ana, 'named');
      await respond(local, ana, anonymous, ANSWERS.slice(0, 2));
      await respond(local, ana, named, ANSWERS.slice(2));
      // An unfinished response stays where it is.
      const open = (await local.survey.invite(ana, anonymous, { count: 1 })).invitations[0]!.token;
      await local.survey.open(open);
      await local.survey.answer(open, 'lk', 1);

      const wire: unknown[] = [];
      const recording: PeerConnection = {
        ...peer,
        receiveResponses: (input) => {
          wire.push(input);
          return peer.receiveResponses(input);
        },
      };
      const first = await local.sync.push(ana, { peer: recording });
      expect(first.surveys).toEqual([
        expect.objectContaining({ scope: anonymous, created: true, sent: 2 }),
        expect.objectContaining({ scope: named, created: true, sent: 1 }),
      ]);
      expect(first).toMatchObject({ sent: 3, conflicts: 0, notes: [] });
      expect((await central.survey.show(boss, anonymous)).status).toBe('published');
      expect(await figures(central, boss, anonymous)).toEqual(await figures(local, ana, anonymous));
      expect(await figures(central, boss, named)).toEqual(await figures(local, ana, named));
      expect((await figures(central, boss, anonymous)).completed).toBe(2);

      // On the wire, an anonymous survey's responses carry no email, no token and no time finer than the day.
      const sent = wire.filter((w) => (w as { survey: string }).survey === anonymous) as { responses: unknown[] }[];
      const anonymousWire = JSON.stringify(sent.flatMap((w) => w.responses));
      expect(anonymousWire).not.toMatch(/@|\d\d:\d\d|token|invitation|user/i);
      expect(sent.flatMap((w) => w.responses)).toHaveLength(2);
      expect(anonymousWire).toContain('"day":"2026-03-10"');
      // Nor on arrival: the raw rows keep days only, and the audit trail no entry per response.
      const centralIds = new Set(
        (await central.survey.list(boss)).filter((s) => s.survey === 'all-types').map((s) => s.id),
      );
      const anonymousRows = (await raw(central, 'survey_responses')).filter((r) => centralIds.has(String(r.survey_id)));
      expect(anonymousRows).toHaveLength(2);
      for (const r of anonymousRows) {
        expect(r).toMatchObject({ respondent_email: null, invitation_id: null, resume_key: null, submitted_at: null });
        expect(String(r.submitted_day)).toMatch(/^\d{4}-\d\d-\d\d$/);
        expect(String(r.started_day)).toMatch(/^\d{4}-\d\d-\d\d$/);
      }
      const trail = await raw(central, 'audit_events');
      for (const r of anonymousRows) expect(JSON.stringify(trail)).not.toContain(String(r.id));
      const received = await central.audit.list(boss, { action: 'sync.received', limit: 100 });
      expect(received.filter((e) => e.details.survey === anonymous)).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ label: 'boss@acme.test' }),
          details: expect.objectContaining({
            responses: 2,
            origin: expect.objectContaining({ organisation: 'ana-laptop' }),
          }),
        }),
      ]);
      const namedEntries = received.filter((e) => String(e.details.record).startsWith(`survey-response:${named}:`));
      expect(namedEntries.map((e) => e.details.by)).toEqual(['person0@acme.test']);
      // Here too, the sync state of an anonymous survey's responses keeps the day, not the time.
      const state = (await raw(local, 'sync_state')).filter((r) => r.assessment_id === `survey:${anonymous}`);
      expect(state).toHaveLength(2);
      for (const r of state) expect(r.synced_at).toBe('2026-03-10');

      const again = await local.sync.push(ana, { peer });
      expect(again).toMatchObject({ sent: 0, conflicts: 0 });
      expect(again.surveys).toEqual([
        expect.objectContaining({ scope: anonymous, created: false, sent: 0, unchanged: 2 }),
        expect.objectContaining({ scope: named, created: false, sent: 0, unchanged: 1 }),
      ]);
      const [status] = await local.sync.status(ana, { peer });
      expect(status).toMatchObject({ toSend: 0, toReceive: 0, conflicts: 0 });
      expect(status?.surveys).toEqual([
        { scope: anonymous, toSend: 0, toReceive: 0, unchanged: 2, conflicts: 0 },
        { scope: named, toSend: 0, toReceive: 0, unchanged: 1, conflicts: 0 },
      ]);

      // A response collected centrally comes back with a pull, and counts here.
      await respond(central, boss, anonymous, ANSWERS.slice(2));
      const [before] = await local.sync.status(ana, { peer });
      expect(before?.surveys[0]).toMatchObject({ scope: anonymous, toReceive: 1 });
      const pulled = await local.sync.pull(ana, { peer });
      expect(pulled.surveys[0]).toMatchObject({ scope: anonymous, received: 1 });
      expect(await figures(local, ana, anonymous)).toEqual(await figures(central, boss, anonymous));
      expect((await figures(local, ana, anonymous)).completed).toBe(3);
      expect(await local.sync.pull(ana, { peer })).toMatchObject({ received: 0, sent: 0 });
    });

    it('pull --all creates here a survey version only the central side holds, with its responses; naming a version syncs only it', async () => {
      const named = await publish(central, boss, 'named');
      await respond(central, boss, named, ANSWERS);
      await local.training.importCourse(ana, TINY);
      expect(await local.sync.pull(ana, { peer })).toMatchObject({ received: 0, surveys: [] });
      await expect(local.sync.pull(ana, { peer, surveys: ['nope@1'] })).rejects.toMatchObject({
        code: 'SYNC.UNKNOWN_SCOPE',
        message: 'survey nope@1 is neither here nor at central',
      });
      const pulled = await local.sync.pull(ana, { peer, all: true });
      expect(pulled).toMatchObject({ received: 3, assessments: [], training: [], notes: [] });
      expect(pulled.surveys).toEqual([expect.objectContaining({ scope: named, created: true, received: 3 })]);
      expect(await figures(local, ana, named)).toEqual(await figures(central, boss, named));
      const rows = await raw(local, 'survey_responses');
      expect(rows.map((r) => r.respondent_email).sort()).toEqual([
        'person0@acme.test',
        'person1@acme.test',
        'person2@acme.test',
      ]);
      // Received here through the survey context, audited here, naming where they came from.
      const entries = await local.audit.list(ana, { action: 'sync.received', limit: 10 });
      expect(entries).toHaveLength(3);
      expect(entries.map((e) => e.actor.label)).toEqual(['ana@acme.test', 'ana@acme.test', 'ana@acme.test']);
      expect(entries[0]?.details.origin).toMatchObject({
        database: 'central',
        organisation: 'acme',
        by: 'boss@acme.test',
      });
      await respond(central, boss, named, ANSWERS.slice(0, 1));
      const only = await local.sync.pull(ana, { peer, surveys: [named] });
      expect(only).toMatchObject({ received: 1, assessments: [], training: [] });
      expect(only.surveys).toEqual([expect.objectContaining({ scope: named, created: false, received: 1 })]);
      expect((await local.sync.push(ana, { peer })).sent).toBe(0);
    });

    it('resumes an interrupted push without sending a response twice', async () => {
      const anonymous = await publish(local, ana, 'all-types');
      await publish(central, boss, 'all-types');
      await respond(local, ana, anonymous, ANSWERS);
      let batches = 0;
      await expect(
        local.sync.push(ana, {
          peer,
          batchSize: 1,
          afterBatch: async () => {
            if (++batches === 1) throw new Error('connection dropped');
          },
        }),
      ).rejects.toThrow('connection dropped');
      expect((await figures(central, boss, anonymous)).completed).toBe(1);
      // Killed between the central commit and the local one: the central side holds a response this side does not know it sent.
      const [next] = await local.survey.syncResponses(ana, anonymous).then((all) => all.slice(1, 2));
      const version = (await local.survey.syncVersions(ana)).find((v) => v.survey === anonymous);
      await peer.receiveResponses({
        survey: anonymous,
        contentHash: version?.contentHash as string,
        responses: [next!],
        origin: { database: 'local', organisation: 'ana-laptop', by: 'ana@acme.test' },
      });
      const resumed = await local.sync.push(ana, { peer, batchSize: 1 });
      expect(resumed.surveys[0]).toMatchObject({ scope: anonymous, created: false, sent: 1, unchanged: 2 });
      expect((await figures(central, boss, anonymous)).completed).toBe(3);
      expect(await figures(central, boss, anonymous)).toEqual(await figures(local, ana, anonymous));
    });

    it('carries finished attempts of people on both sides by email, reports the others, and an annulment revokes the certificate there', async () => {
      await local.training.importCourse(ana, TINY);
      await central.training.importCourse(boss, TINY);
      for (const [app, owner] of [
        [local, ana],
        [central, boss],
      ] as const) {
        await app.auth.addUser(owner, { email: 'lea@acme.test', role: 'consultant', password: PASSWORD, name: 'Lea' });
      }
      await local.auth.addUser(ana, { email: 'zed@acme.test', role: 'viewer', password: PASSWORD });
      const passed = await local.training.record(ana, {
        user: 'lea@acme.test',
        course: 'tiny',
        score: '100',
        completedAt: '2026-03-09',
      });
      const unknown = await local.training.record(ana, {
        user: 'zed@acme.test',
        course: 'tiny',
        score: '50',
        completedAt: '2026-03-09',
      });
      // Lea's quiz in progress stays here.
      await local.training.assign(ana, { course: 'tiny', user: 'lea@acme.test', due: '2026-04-01' });
      await local.training.startQuiz(await signIn(local, 'lea@acme.test'), 'tiny');

      const first = await local.sync.push(ana, { peer });
      expect(first.training).toEqual([expect.objectContaining({ scope: 'tiny@1', sent: 1 })]);
      expect(first.notes).toEqual([
        `attempt ${unknown.id} of tiny@1: zed@acme.test is no member of acme at central; not sent`,
      ]);
      const there = await central.training.attempts(boss, { course: 'tiny' });
      expect(there).toEqual([
        expect.objectContaining({ id: passed.id, email: 'lea@acme.test', status: 'passed', score: 100, version: 1 }),
      ]);
      expect(there[0]?.completedAt).toBe(passed.completedAt);
      const again = await local.sync.push(ana, { peer });
      expect(again).toMatchObject({ sent: 0, conflicts: 0 });
      expect(again.notes).toHaveLength(1);

      const issued = await central.training.certificate(boss, passed.id);
      const file = join(dir, 'certificate.pdf');
      writeFileSync(file, issued.bytes);
      expect(await central.training.verify(boss, file)).toMatchObject({ verdict: 'valid' });

      await local.training.annul(ana, passed.id);
      const annulled = await local.sync.push(ana, { peer });
      expect(annulled.training[0]).toMatchObject({ sent: 1, conflicts: 0 });
      expect((await central.training.attempts(boss, { course: 'tiny' }))[0]).toMatchObject({ status: 'annulled' });
      expect(await central.training.verify(boss, file)).toMatchObject({ verdict: 'revoked' });
      const entries = await central.audit.list(boss, { action: 'sync.received', limit: 10 });
      expect(entries.filter((e) => e.details.record === `training-attempt:tiny@1:${passed.id}`)).toHaveLength(2);
      expect(entries[0]?.details).toMatchObject({
        origin: { database: 'local', organisation: 'ana-laptop', by: 'ana@acme.test' },
        value: { status: 'annulled' },
      });
      expect(await local.sync.pull(ana, { peer })).toMatchObject({ received: 0, conflicts: 0 });
      const [status] = await local.sync.status(ana, {});
      expect(status?.training).toEqual([{ scope: 'tiny@1', toSend: 1, toReceive: null, unchanged: 1, conflicts: 0 }]);
    });

    it('an attempt held with another outcome on each side is a conflict, resolved by taking the peer’s', async () => {
      await local.training.importCourse(ana, TINY);
      await central.training.importCourse(boss, TINY);
      await central.auth.addUser(boss, { email: 'ana@acme.test', role: 'consultant', password: PASSWORD });
      const recorded = await local.training.record(ana, {
        user: 'ana@acme.test',
        course: 'tiny',
        score: '80',
        completedAt: '2026-03-09',
      });
      const [attempt] = await local.training.syncAttempts(ana, 'tiny@1');
      const hash = (await local.training.syncVersions(ana))[0]?.contentHash as string;
      const origin = { database: 'elsewhere', organisation: 'acme', by: 'boss@acme.test' };
      // Another database sent the same attempt with another score first.
      await peer.receiveAttempts({
        course: 'tiny@1',
        contentHash: hash,
        attempts: [{ ...attempt!, score: 90 }],
        origin,
      });
      // A score that its status and the pass mark disagree with, or an annulled attempt made valid again, is refused.
      await expect(
        peer.receiveAttempts({ course: 'tiny@1', contentHash: hash, attempts: [{ ...attempt!, score: 10 }], origin }),
      ).rejects.toMatchObject({ code: 'TRAINING.SYNC_ATTEMPT', message: expect.stringContaining('pass mark of 75') });
      await expect(
        peer.receiveAttempts({ course: 'tiny@1', contentHash: 'x', attempts: [attempt!], origin }),
      ).rejects.toMatchObject({ code: 'TRAINING.SYNC_VERSION' });

      expect(await local.sync.push(ana, { peer })).toMatchObject({ sent: 0, conflicts: 1 });
      const [conflict] = await local.sync.conflicts(ana, { all: false });
      expect(conflict).toMatchObject({
        kind: 'training-attempt',
        local: { value: expect.objectContaining({ score: 80 }) },
        remote: { value: expect.objectContaining({ score: 90 }) },
      });
      await expect(local.sync.resolve(ana, { id: conflict!.id, take: 'value', value: '90' })).rejects.toMatchObject({
        code: 'SYNC.BAD_RESOLUTION',
      });
      expect(await local.sync.resolve(ana, { id: conflict!.id, take: 'remote' })).toMatchObject({ next: 'nothing' });
      expect((await local.training.attempts(ana, { course: 'tiny' }))[0]).toMatchObject({
        id: recorded.id,
        score: 90,
        status: 'passed',
      });
      const [status] = await local.sync.status(ana, { peer });
      expect(status).toMatchObject({ toSend: 0, toReceive: 0, conflicts: 0 });
      await central.training.annul(boss, recorded.id);
      expect(await local.sync.pull(ana, { peer })).toMatchObject({ received: 1, conflicts: 0 });
      expect((await local.training.attempts(ana, { course: 'tiny' }))[0]).toMatchObject({ status: 'annulled' });
      const annulled = (await central.training.syncAttempts(boss, 'tiny@1'))[0]!;
      await expect(
        local.training.receiveAttempts(ana, {
          course: 'tiny@1',
          contentHash: hash,
          attempts: [{ ...annulled, status: 'passed', annulledAt: null, annulledBy: null }],
          origin,
        }),
      ).rejects.toMatchObject({ message: expect.stringContaining('annulled here, and stays so') });
    });

    it('refuses a viewer there, keeps other organisations out, and writes nothing for responses that do not fit', async () => {
      const anonymous = await publish(local, ana, 'all-types');
      await respond(local, ana, anonymous, ANSWERS.slice(0, 1));
      for (const [email, role] of [
        ['vic@acme.test', 'viewer'],
        ['cole@acme.test', 'consultant'],
      ] as const) {
        await central.auth.addUser(boss, { email, role, password: PASSWORD });
      }
      const vic = appPeer(central, await signIn(central, 'vic@acme.test'), 'central');
      await expect(local.sync.push(ana, { peer: vic })).rejects.toMatchObject({ kind: 'forbidden' });
      expect(await central.survey.list(boss)).toEqual([]);

      // A consultant there may send responses but not create the survey: that survey's responses wait, said in one line.
      const cole = appPeer(central, await signIn(central, 'cole@acme.test'), 'central');
      const refused = await local.sync.push(ana, { peer: cole });
      expect(refused.surveys[0]).toMatchObject({ scope: anonymous, created: false, sent: 0 });
      expect(refused.notes).toEqual([
        expect.stringMatching(
          new RegExp(`^survey ${anonymous} is not at central and cannot be created there: .*survey\\.manage`),
        ),
      ]);
      expect(await central.survey.list(boss)).toEqual([]);
      await publish(central, boss, 'all-types');
      expect((await local.sync.push(ana, { peer: cole })).surveys[0]).toMatchObject({ sent: 1 });

      // Another organisation's survey there is not found, even with the same name and content.
      const rival = await central.auth.createOrganization(boss, { name: 'Rival' });
      const bossInRival = await central.auth.authenticate({
        sessionSecret: (await central.auth.login({ email: 'boss@acme.test', password: PASSWORD })).session.token,
        orgSlug: rival.slug,
      });
      await publish(central, bossInRival, 'named');
      const version = (await local.survey.syncVersions(ana)).find((v) => v.survey === anonymous);
      const [response] = await local.survey.syncResponses(ana, anonymous);
      const rogue = {
        survey: 'named-check@1',
        contentHash: version?.contentHash as string,
        responses: [response!],
        origin: { database: 'local', organisation: 'ana-laptop', by: 'ana@acme.test' },
      };
      const viewer = await signIn(central, 'vic@acme.test');
      const trail = async () => (await raw(central, 'audit_events')).length;
      const before = await trail();
      await expect(central.sync.receiveResponses(boss, rogue)).rejects.toMatchObject({ code: 'SURVEY.NOT_FOUND' });
      const good = { ...rogue, survey: anonymous };
      await expect(central.sync.receiveResponses(boss, good)).rejects.toMatchObject({
        code: 'SURVEY.RESPONSE_EXISTS',
      });
      const fresh = { ...response!, id: '0b7f4c1e-2f5d-4a59-9c3e-6d1a2b3c4d5e' };
      await expect(
        central.sync.receiveResponses(boss, { ...good, responses: [{ ...fresh, email: 'ana@acme.test' }] }),
      ).rejects.toMatchObject({ code: 'SURVEY.BAD_ANSWER', message: expect.stringContaining('carries no email') });
      await expect(
        central.sync.receiveResponses(boss, {
          ...good,
          responses: [{ ...fresh, submittedAt: '2026-03-10T09:15:42Z' }],
        }),
      ).rejects.toMatchObject({ message: expect.stringContaining('no time, only its day') });
      await expect(
        central.sync.receiveResponses(boss, { ...good, responses: [{ ...fresh, answers: { lk: 9, np: 1, sc: 'x' } }] }),
      ).rejects.toMatchObject({ code: 'SURVEY.BAD_ANSWER' });
      await expect(central.sync.receiveResponses(viewer, { ...good, responses: [fresh] })).rejects.toMatchObject({
        kind: 'forbidden',
      });
      expect(await trail()).toBe(before);
      expect((await figures(central, boss, anonymous)).completed).toBe(1);
      expect((await central.survey.results(bossInRival, 'named-check@1')).completed).toBe(0);
    });

    it('a response with the same id and other content on each side is a conflict, kept and listed, never rewritten', async () => {
      const anonymous = await publish(local, ana, 'all-types');
      await publish(central, boss, 'all-types');
      await respond(local, ana, anonymous, ANSWERS.slice(0, 1));
      const [response] = await local.survey.syncResponses(ana, anonymous);
      const version = (await local.survey.syncVersions(ana)).find((v) => v.survey === anonymous);
      await peer.receiveResponses({
        survey: anonymous,
        contentHash: version?.contentHash as string,
        responses: [{ ...response!, answers: { ...response!.answers, lk: 1 } }],
        origin: { database: 'elsewhere', organisation: 'acme', by: 'boss@acme.test' },
      });
      const pushed = await local.sync.push(ana, { peer });
      expect(pushed).toMatchObject({ sent: 0, conflicts: 1 });
      expect(await local.sync.push(ana, { peer })).toMatchObject({ sent: 0, conflicts: 1 });
      const conflicts = await local.sync.conflicts(ana, { all: false });
      expect(conflicts).toEqual([
        expect.objectContaining({
          kind: 'survey-response',
          assessment: `survey:${anonymous}`,
          record: `survey-response ${anonymous} ${response!.id}`,
          local: expect.objectContaining({ value: expect.objectContaining({ answers: response!.answers }) }),
        }),
      ]);
      const found = (await local.audit.list(ana, { action: 'sync.conflict_found', limit: 10 })).map((e) => e.details);
      expect(found).toHaveLength(1);
      // The trail names the record, not an anonymous respondent's answers.
      expect(JSON.stringify(found)).not.toContain('Printer');
      await expect(local.sync.resolve(ana, { id: conflicts[0]!.id, take: 'remote' })).rejects.toMatchObject({
        code: 'SYNC.BAD_RESOLUTION',
      });
      expect((await figures(central, boss, anonymous)).questions.find((q) => q.id === 'lk')?.mean).toBe(1);
      expect((await figures(local, ana, anonymous)).questions.find((q) => q.id === 'lk')?.mean).toBe(4);
    });
  },
);
