import type { Kysely, Selectable } from 'kysely';
import { ASSESSMENT_ERRORS } from '../../errors.js';
import { newId } from '../../../../kernel/ids.js';
import type { Database } from '../../../../persistence/database.js';
import type { AnswerValue } from '../../domain/answer.js';
import {
  type Catalog,
  isAssessable,
  type LocalizedText,
  type Question,
  type QuestionType,
  type Requirement,
  walkRequirements,
} from '../../domain/catalog.js';
import type { MappingSet, Relationship } from '../../domain/mapping.js';
import type {
  AssessmentRecord,
  AssessmentRepository,
  AssessmentStatus,
  AssessmentStore,
  FindingStatus,
  FrameworkRepository,
  FrameworkSummary,
  MappingRepository,
} from '../../application/ports.js';
import type { AssessmentAssessmentsTable, AssessmentFrameworksTable } from './assessment-tables.js';
import { kyselyApplicabilityRepository } from './kysely-applicability-store.js';

const SHARED = '*';
const json = (v: unknown) => JSON.stringify(v);
const parse = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));
const iso = (d: Date) => d.toISOString();
/** Rows per multi-row INSERT: well under both dialects' bound-parameter limits. */
const BATCH = 400;

function toSummary(r: Selectable<AssessmentFrameworksTable>): FrameworkSummary {
  return {
    id: r.id,
    key: r.framework_key,
    version: r.version,
    revision: r.revision ?? null,
    name: JSON.parse(r.name) as LocalizedText,
    publisher: r.publisher,
    origin: r.origin,
    shared: r.org_id === null,
    requirementCount: Number(r.requirement_count),
    questionCount: Number(r.question_count),
    createdAt: new Date(r.created_at),
  };
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

interface QuestionSpec {
  when: Question['when'];
  choices: Question['choices'];
  levels: Question['levels'];
  min: number | null;
  max: number | null;
  unit: LocalizedText | null;
  target: number | null;
}

/**
 * Stored framework versions never change (a new version is a new row), so a
 * catalog loaded once is kept for the life of the process: the questionnaire
 * and the use cases it calls after every answer skip reading ~3,000 rows.
 */
const loadedCatalogs = new Map<string, Catalog>();

function frameworkRepository(db: Kysely<Database>, orgId: string): FrameworkRepository {
  const visible = () =>
    db
      .selectFrom('assessment_frameworks')
      .selectAll()
      .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', orgId)]));

  return {
    async list() {
      return (await visible().orderBy('framework_key').orderBy('created_at').execute()).map(toSummary);
    },
    async find(key, version) {
      let q = visible().where('framework_key', '=', key);
      if (version !== undefined) q = q.where('version', '=', version);
      // The same version shared and imported: the shared (shipped) one, never taken over by an import.
      const rows = await q.orderBy('created_at', 'desc').execute();
      const row = version !== undefined ? (rows.find((r) => r.org_id === null) ?? rows[0]) : rows[0];
      return row ? toSummary(row) : null;
    },
    async versions(key) {
      return (await visible().where('framework_key', '=', key).orderBy('created_at').execute()).map(toSummary);
    },
    async defaultFor(key) {
      const row = await db
        .selectFrom('assessment_framework_defaults as d')
        .innerJoin('assessment_frameworks as f', 'f.id', 'd.framework_id')
        .selectAll('f')
        .where('d.org_id', '=', orgId)
        .where('d.framework_key', '=', key)
        .executeTakeFirst();
      return row ? toSummary(row) : null;
    },
    async setDefault(key, frameworkId, by, at) {
      await db
        .deleteFrom('assessment_framework_defaults')
        .where('org_id', '=', orgId)
        .where('framework_key', '=', key)
        .execute();
      if (frameworkId === null) return;
      await db
        .insertInto('assessment_framework_defaults')
        .values({ org_id: orgId, framework_key: key, framework_id: frameworkId, set_by: by, set_at: iso(at) })
        .execute();
    },
    async byId(id) {
      const row = await visible().where('id', '=', id).executeTakeFirst();
      return row ? toSummary(row) : null;
    },
    async load(id) {
      const f = await visible().where('id', '=', id).executeTakeFirst();
      if (!f) throw ASSESSMENT_ERRORS.frameworkNotFound({ problem: `no framework version ${id}` });
      const cached = loadedCatalogs.get(id);
      if (cached) return cached;
      const [reqRows, qRows] = await Promise.all([
        db
          .selectFrom('assessment_requirements')
          .selectAll()
          .where('framework_id', '=', id)
          .orderBy('position')
          .execute(),
        db.selectFrom('assessment_questions').selectAll().where('framework_id', '=', id).orderBy('position').execute(),
      ]);
      const questionsOf = new Map<string, Question[]>();
      for (const q of qRows) {
        const spec = JSON.parse(q.spec) as QuestionSpec;
        const list = questionsOf.get(q.requirement_ref) ?? [];
        list.push({
          id: q.qid,
          type: q.type as QuestionType,
          text: JSON.parse(q.text) as LocalizedText,
          guidance: parse<LocalizedText>(q.guidance),
          evidence: parse<LocalizedText>(q.evidence),
          weight: Number(q.weight),
          ...spec,
        });
        questionsOf.set(q.requirement_ref, list);
      }
      type Mutable = Omit<Requirement, 'children'> & { children: Mutable[] };
      const byRef = new Map<string, Mutable>();
      const roots: Mutable[] = [];
      for (const r of reqRows) {
        const node: Mutable = {
          id: r.ref,
          title: JSON.parse(r.title) as LocalizedText,
          description: parse<LocalizedText>(r.description),
          ...(r.recommendation ? { recommendation: JSON.parse(r.recommendation) as LocalizedText } : {}),
          weight: Number(r.weight),
          ...readApplicability(r.applicability),
          withdrawn: Number(r.withdrawn) === 1,
          ...(r.label ? { label: r.label } : {}),
          ...(r.incorporated_into ? { incorporatedInto: JSON.parse(r.incorporated_into) as string[] } : {}),
          ...(r.urn ? { urn: r.urn } : {}),
          questions: questionsOf.get(r.ref) ?? [],
          children: [],
        };
        byRef.set(r.ref, node);
        const parent = r.parent_ref === null ? undefined : byRef.get(r.parent_ref);
        if (parent) parent.children.push(node);
        else roots.push(node);
      }
      const catalog: Catalog = {
        id: f.framework_key,
        version: f.version,
        ...(f.revision ? { revision: f.revision } : {}),
        name: JSON.parse(f.name) as LocalizedText,
        publisher: f.publisher,
        source: f.source,
        languages: JSON.parse(f.languages) as string[],
        licenseNote: f.license_note,
        description: parse<LocalizedText>(f.description),
        ...readLevels(f.levels),
        requirements: roots,
      };
      loadedCatalogs.set(id, catalog);
      return catalog;
    },
    async save(catalog, options, at) {
      const id = newId();
      const walked = [...walkRequirements(catalog.requirements)];
      const questions = walked.flatMap((w) => w.requirement.questions.map((q) => ({ q, ref: w.requirement.id })));
      const row = {
        id,
        org_id: options.shared ? null : orgId,
        scope_key: options.shared ? SHARED : orgId,
        framework_key: catalog.id,
        version: catalog.version,
        name: json(catalog.name),
        publisher: catalog.publisher,
        source: catalog.source,
        languages: json(catalog.languages),
        levels: catalog.dimensions
          ? json({ levels: catalog.levels, dimensions: catalog.dimensions })
          : json(catalog.levels),
        license_note: catalog.licenseNote,
        description: catalog.description ? json(catalog.description) : null,
        origin: options.origin,
        content_hash: options.contentHash,
        revision: catalog.revision ?? null,
        requirement_count: walked.filter((w) => isAssessable(w.requirement)).length,
        question_count: questions.length,
        created_at: iso(at),
      };
      await db.insertInto('assessment_frameworks').values(row).execute();
      await insertInBatches(
        walked.map((w, position) => ({
          framework_id: id,
          ref: w.requirement.id,
          parent_ref: w.parent,
          position,
          depth: w.depth,
          title: json(w.requirement.title),
          description: w.requirement.description ? json(w.requirement.description) : null,
          weight: w.requirement.weight,
          applicability: writeApplicability(w.requirement),
          withdrawn: w.requirement.withdrawn ? 1 : 0,
          label: w.requirement.label ?? null,
          incorporated_into: w.requirement.incorporatedInto?.length ? json(w.requirement.incorporatedInto) : null,
          urn: w.requirement.urn ?? null,
          recommendation: w.requirement.recommendation ? json(w.requirement.recommendation) : null,
        })),
        (batch) => db.insertInto('assessment_requirements').values(batch).execute(),
      );
      await insertInBatches(
        questions.map(({ q, ref }, position) => {
          const spec: QuestionSpec = {
            when: q.when,
            choices: q.choices,
            levels: q.levels,
            min: q.min,
            max: q.max,
            unit: q.unit,
            target: q.target,
          };
          return {
            framework_id: id,
            qid: q.id,
            requirement_ref: ref,
            position,
            type: q.type,
            text: json(q.text),
            guidance: q.guidance ? json(q.guidance) : null,
            evidence: q.evidence ? json(q.evidence) : null,
            weight: q.weight,
            spec: json(spec),
          };
        }),
        (batch) => db.insertInto('assessment_questions').values(batch).execute(),
      );
      return toSummary(row);
    },
  };
}

function mappingRepository(db: Kysely<Database>, orgId: string): MappingRepository {
  return {
    async list() {
      const sets = await db
        .selectFrom('assessment_mapping_sets')
        .selectAll()
        .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', orgId)]))
        .orderBy('set_key')
        .execute();
      if (sets.length === 0) return [];
      const rows = await db
        .selectFrom('assessment_mappings')
        .selectAll()
        .where(
          'set_id',
          'in',
          sets.map((s) => s.id),
        )
        .execute();
      return sets.map((s) => ({
        id: s.set_key,
        name: s.name,
        source: { framework: s.source_framework, version: s.source_version },
        target: { framework: s.target_framework, version: s.target_version },
        informative: Number(s.informative) === 1,
        author: s.author,
        description: s.description,
        shared: s.org_id === null,
        origin: s.origin,
        mappings: rows
          .filter((r) => r.set_id === s.id)
          .map((r) => ({
            source: r.source_ref,
            target: r.target_ref,
            relationship: r.relationship as Relationship,
            rationale: r.rationale,
          })),
      }));
    },
    async exists(key) {
      const row = await db
        .selectFrom('assessment_mapping_sets')
        .select('id')
        .where('set_key', '=', key)
        .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', orgId)]))
        .executeTakeFirst();
      return row !== undefined;
    },
    async save(set: MappingSet, options, at) {
      const id = newId();
      await db
        .insertInto('assessment_mapping_sets')
        .values({
          id,
          org_id: options.shared ? null : orgId,
          scope_key: options.shared ? SHARED : orgId,
          set_key: set.id,
          name: set.name,
          source_framework: set.source.framework,
          source_version: set.source.version,
          target_framework: set.target.framework,
          target_version: set.target.version,
          informative: set.informative ? 1 : 0,
          author: set.author,
          description: set.description,
          origin: options.origin,
          created_at: iso(at),
        })
        .execute();
      const unique = new Map(set.mappings.map((m) => [`${m.source}\u0000${m.target}`, m]));
      await insertInBatches(
        [...unique.values()].map((m) => ({
          set_id: id,
          source_ref: m.source,
          target_ref: m.target,
          relationship: m.relationship,
          rationale: m.rationale,
        })),
        (batch) => db.insertInto('assessment_mappings').values(batch).execute(),
      );
    },
  };
}

function toRecord(r: Selectable<AssessmentAssessmentsTable>, frameworkIds: string[]): AssessmentRecord {
  return {
    id: r.id,
    subject: r.subject,
    scope: JSON.parse(r.scope) as AssessmentRecord['scope'],
    targetLevel: Number(r.target_level),
    status: r.status as AssessmentStatus,
    cursor: r.cursor,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    sealedHash: r.sealed_hash,
    sealedAt: r.sealed_at === null ? null : new Date(r.sealed_at),
    frameworkIds,
  };
}

function assessmentRepository(db: Kysely<Database>, orgId: string): AssessmentRepository {
  const own = () => db.selectFrom('assessment_assessments').selectAll().where('org_id', '=', orgId);
  const frameworksOf = async (ids: string[]) => {
    if (ids.length === 0) return new Map<string, string[]>();
    const rows = await db
      .selectFrom('assessment_assessment_frameworks')
      .selectAll()
      .where('assessment_id', 'in', ids)
      .orderBy('position')
      .execute();
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.assessment_id, [...(map.get(r.assessment_id) ?? []), r.framework_id]);
    return map;
  };
  // Child rows carry no organisation: reach them only through an assessment of this one.
  const ownAssessment = (id: string) =>
    db.selectFrom('assessment_assessments').select('id').where('id', '=', id).where('org_id', '=', orgId);

  return {
    async create(a) {
      await db
        .insertInto('assessment_assessments')
        .values({
          id: a.id,
          org_id: orgId,
          subject: a.subject,
          scope: json(a.scope),
          target_level: a.targetLevel,
          status: a.status,
          cursor: a.cursor,
          created_by: a.createdBy,
          created_at: iso(a.createdAt),
          updated_at: iso(a.updatedAt),
          sealed_hash: a.sealedHash,
          sealed_at: a.sealedAt ? iso(a.sealedAt) : null,
        })
        .execute();
      await db
        .insertInto('assessment_assessment_frameworks')
        .values(a.frameworkIds.map((framework_id, position) => ({ assessment_id: a.id, framework_id, position })))
        .execute();
    },
    async list() {
      const rows = await own().orderBy('created_at', 'desc').execute();
      const fw = await frameworksOf(rows.map((r) => r.id));
      return rows.map((r) => toRecord(r, fw.get(r.id) ?? []));
    },
    async get(id) {
      const row = await own().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      return toRecord(row, (await frameworksOf([id])).get(id) ?? []);
    },
    async delete(id) {
      await db.deleteFrom('assessment_assessments').where('id', '=', id).where('org_id', '=', orgId).execute();
    },
    async update(id, patch) {
      const set: Partial<AssessmentAssessmentsTable> = {};
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.cursor !== undefined) set.cursor = patch.cursor;
      if (patch.sealedHash !== undefined) set.sealed_hash = patch.sealedHash;
      if (patch.sealedAt !== undefined) set.sealed_at = patch.sealedAt ? iso(patch.sealedAt) : null;
      if (patch.updatedAt !== undefined) set.updated_at = iso(patch.updatedAt);
      if (Object.keys(set).length === 0) return;
      await db
        .updateTable('assessment_assessments')
        .set(set)
        .where('id', '=', id)
        .where('org_id', '=', orgId)
        .execute();
    },
    async answers(id) {
      const rows = await db
        .selectFrom('assessment_answers')
        .selectAll()
        .where('assessment_id', 'in', ownAssessment(id))
        .execute();
      return rows.map((r) => ({
        frameworkId: r.framework_id,
        questionId: r.qid,
        value: JSON.parse(r.value) as AnswerValue,
        note: r.note,
        answeredBy: r.answered_by,
        answeredAt: new Date(r.answered_at),
      }));
    },
    async saveAnswer(id, a) {
      const owned = await ownAssessment(id).executeTakeFirst();
      if (!owned) throw ASSESSMENT_ERRORS.notFound({ id });
      const values = {
        assessment_id: id,
        framework_id: a.frameworkId,
        qid: a.questionId,
        value: json(a.value),
        note: a.note,
        answered_by: a.answeredBy,
        answered_at: iso(a.answeredAt),
      };
      await db
        .insertInto('assessment_answers')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['assessment_id', 'framework_id', 'qid']).doUpdateSet({
            value: values.value,
            note: values.note,
            answered_by: values.answered_by,
            answered_at: values.answered_at,
          }),
        )
        .execute();
    },
    async addEvidence(id, e, content) {
      const owned = await ownAssessment(id).executeTakeFirst();
      if (!owned) throw ASSESSMENT_ERRORS.notFound({ id });
      await db
        .insertInto('assessment_evidence')
        .values({
          id: e.id,
          assessment_id: id,
          framework_id: e.frameworkId,
          qid: e.questionId,
          kind: e.kind,
          name: e.name,
          sha256: e.sha256,
          size: e.size,
          content,
          url: e.url,
          added_by: e.addedBy,
          added_at: iso(e.addedAt),
        })
        .execute();
    },
    async evidence(id) {
      const rows = await db
        .selectFrom('assessment_evidence')
        .select(['id', 'framework_id', 'qid', 'kind', 'name', 'sha256', 'size', 'url', 'added_by', 'added_at'])
        .where('assessment_id', 'in', ownAssessment(id))
        .orderBy('added_at')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        frameworkId: r.framework_id,
        questionId: r.qid,
        kind: r.kind as 'file' | 'link',
        name: r.name,
        sha256: r.sha256,
        size: r.size === null ? null : Number(r.size),
        url: r.url,
        addedBy: r.added_by,
        addedAt: new Date(r.added_at),
      }));
    },
    async replaceFramework(id, from, to, carried) {
      const owned = await ownAssessment(id).executeTakeFirst();
      if (!owned) throw ASSESSMENT_ERRORS.notFound({ id });
      await db
        .deleteFrom('assessment_answers')
        .where('assessment_id', '=', id)
        .where('framework_id', '=', from)
        .execute();
      await db
        .updateTable('assessment_assessment_frameworks')
        .set({ framework_id: to })
        .where('assessment_id', '=', id)
        .where('framework_id', '=', from)
        .execute();
      await db
        .updateTable('assessment_evidence')
        .set({ framework_id: to })
        .where('assessment_id', '=', id)
        .where('framework_id', '=', from)
        .execute();
      await db
        .updateTable('assessment_findings')
        .set({ framework_id: to })
        .where('assessment_id', '=', id)
        .where('framework_id', '=', from)
        .execute();
      await db
        .updateTable('assessment_applicability')
        .set({ framework_id: to })
        .where('organization_id', '=', orgId)
        .where('assessment_id', '=', id)
        .where('framework_id', '=', from)
        .execute();
      await insertInBatches(
        carried.map((a) => ({
          assessment_id: id,
          framework_id: to,
          qid: a.questionId,
          value: json(a.value),
          note: a.note,
          answered_by: a.answeredBy,
          answered_at: iso(a.answeredAt),
        })),
        (batch) => db.insertInto('assessment_answers').values(batch).execute(),
      );
    },
    async findings(id) {
      const rows = await db
        .selectFrom('assessment_findings')
        .selectAll()
        .where('assessment_id', 'in', ownAssessment(id))
        .execute();
      return rows.map((r) => ({
        frameworkId: r.framework_id,
        requirementId: r.requirement_ref,
        owner: r.owner,
        dueDate: r.due_date,
        status: r.status as FindingStatus,
        updatedAt: new Date(r.updated_at),
      }));
    },
    async saveFinding(id, f) {
      const owned = await ownAssessment(id).executeTakeFirst();
      if (!owned) throw ASSESSMENT_ERRORS.notFound({ id });
      const at = iso(f.updatedAt);
      await db
        .insertInto('assessment_findings')
        .values({
          id: newId(),
          assessment_id: id,
          framework_id: f.frameworkId,
          requirement_ref: f.requirementId,
          owner: f.owner,
          due_date: f.dueDate,
          status: f.status,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(['assessment_id', 'framework_id', 'requirement_ref'])
            .doUpdateSet({ owner: f.owner, due_date: f.dueDate, status: f.status, updated_at: at }),
        )
        .execute();
    },
    async deleteAnswer(id, frameworkId, questionId) {
      await db
        .deleteFrom('assessment_answers')
        .where('assessment_id', 'in', ownAssessment(id))
        .where('framework_id', '=', frameworkId)
        .where('qid', '=', questionId)
        .execute();
    },
  };
}

export function kyselyAssessmentStore(db: Kysely<Database>): AssessmentStore {
  return {
    frameworks: (orgId) => frameworkRepository(db, orgId),
    mappings: (orgId) => mappingRepository(db, orgId),
    assessments: (orgId) => assessmentRepository(db, orgId),
    applicability: (orgId) => kyselyApplicabilityRepository(db, orgId),
  };
}

/**
 * A requirement's `applicability` column holds its levels as a JSON array, or,
 * when the requirement also has dimensions, is optional or has a short title,
 * a JSON object with `levels` and those attributes (no schema change needed).
 */
interface StoredApplicability {
  levels: string[] | null;
  dimensions?: string[];
  optional?: true;
  shortTitle?: LocalizedText;
}

function writeApplicability(r: Requirement): string | null {
  if (!r.dimensions && !r.optional && !r.shortTitle) return r.applicability ? json(r.applicability) : null;
  const stored: StoredApplicability = {
    levels: r.applicability ? [...r.applicability] : null,
    ...(r.dimensions ? { dimensions: [...r.dimensions] } : {}),
    ...(r.optional ? { optional: true as const } : {}),
    ...(r.shortTitle ? { shortTitle: r.shortTitle } : {}),
  };
  return json(stored);
}

function readApplicability(
  v: string | null,
): Pick<Requirement, 'applicability' | 'dimensions' | 'optional' | 'shortTitle'> {
  const stored = parse<string[] | StoredApplicability>(v);
  if (stored === null || Array.isArray(stored)) return { applicability: stored };
  return {
    applicability: stored.levels,
    ...(stored.dimensions ? { dimensions: stored.dimensions } : {}),
    ...(stored.optional ? { optional: true } : {}),
    ...(stored.shortTitle ? { shortTitle: stored.shortTitle } : {}),
  };
}

/** The framework's `levels` column: the levels array, or `{ levels, dimensions }` when it declares dimensions. */
function readLevels(v: string): Pick<Catalog, 'levels' | 'dimensions'> {
  const stored = JSON.parse(v) as unknown;
  if (Array.isArray(stored)) return { levels: stored as Catalog['levels'] };
  const both = stored as { levels: Catalog['levels']; dimensions: Catalog['dimensions'] };
  return { levels: both.levels, ...(both.dimensions ? { dimensions: both.dimensions } : {}) };
}
