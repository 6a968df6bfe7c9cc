import { createHash } from 'node:crypto';
import type { Renderer, RenderInput } from '../../application/ports.js';
import type {
  EvidenceData,
  FindingData,
  FrameworkData,
  QuestionData,
  RequirementData,
  ResultName,
} from '../../domain/report-data.js';
import { textOf, type Text } from './export-text.js';

/**
 * OSCAL assessment results (the NIST JSON model, checked against the
 * official 1.2.1 schema):
 *
 * - metadata: the firm (prepared-by) and the subject (prepared-for) as parties;
 *   `version` is the start of the data hash, so it changes when the content does.
 * - import-ap: renfe has no separate OSCAL assessment plan; the href points to
 *   a back-matter resource that names the renfe assessment.
 * - results[0]: reviewed-controls lists every requirement in the assessment's
 *   scope (one control-selection per framework); one observation per asked and
 *   answered question; one finding per requirement with a result (not
 *   `not_assessed`); one risk per renfe finding, with its severity.
 *
 * Requirement ids become OSCAL tokens (`A.5.1` → `a.5.1`); a finding targets
 * the requirement's objective, `<token>_obj` (`ac-1_obj`, the id NIST gives
 * a control's assessment objective), never the control id itself. renfe's own
 * figures are props in the `urn:renfe:oscal` namespace. Every uuid is a
 * version 5 uuid of the assessment id and the item's id, so the same data
 * always gives the same file.
 */
export const renderOscal: Renderer = async (input) => {
  const document = { 'assessment-results': assessmentResults(input) };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
};

export const OSCAL_VERSION = '1.2.1';
const NS = 'urn:renfe:oscal';
/** uuid v5 namespace of renfe's OSCAL output (itself `uuidv5(URL namespace, "urn:renfe:oscal")`). */
const UUID_NAMESPACE = '89c2ed6b-1ec4-56fd-9f9d-59b8c9e7390b';

/** RFC 4122 version 5 (SHA-1, name-based) uuid. */
export function uuidV5(name: string, namespace = UUID_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`), lower-case, from a requirement id. */
export function oscalToken(id: string): string {
  const token = id.toLowerCase().replace(/[^\p{L}\p{N}._-]/gu, '-');
  return /^[\p{L}_]/u.test(token) ? token : `_${token}`;
}

/** The objective a finding targets: `ac-1` → `ac-1_obj`, as NIST names a control's assessment objective. */
export function objectiveId(requirementId: string): string {
  return `${oscalToken(requirementId)}_obj`;
}

interface Prop {
  name: string;
  value: string;
  ns: string;
}

/** renfe props; null and blank values are left out (OSCAL strings are non-empty, one line). */
function props(values: Record<string, string | number | null | undefined>): Prop[] {
  return Object.entries(values).flatMap(([name, value]) => {
    if (value === null || value === undefined) return [];
    const text = oneLine(String(value));
    return text ? [{ name, value: text, ns: NS }] : [];
  });
}

function withProps<T extends object>(item: T, list: Prop[]): T & { props?: Prop[] } {
  return list.length > 0 ? { ...item, props: list } : item;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A markup-line: one line, never empty. */
const markupLine = (text: string, fallback: string) => oneLine(text) || fallback;

const answered = (q: QuestionData) => q.asked && q.answer !== null;

function assessmentResults(input: RenderInput) {
  const { data, narrative } = input;
  const t = textOf(input.template, input.language);
  const id = data.assessment.id;
  const uuid = (kind: string, item = '') => uuidV5(`${id}/${kind}/${item}`);
  const firm = uuid('party', 'organisation');
  const subject = uuid('party', 'subject');
  const plan = uuid('assessment-plan');
  const frameworks = data.frameworks.map((fw) => fw.name).join(', ');

  const observationUuid = (fw: FrameworkData, q: QuestionData) => uuid('observation', `${fw.id}:${q.id}`);
  const riskByRequirement = new Map(data.findings.map((f) => [`${f.framework}:${f.requirement}`, f]));
  const riskUuid = (f: FindingData) => uuid('risk', f.id);

  const observations = data.frameworks.flatMap((fw) =>
    fw.requirements.flatMap((r) =>
      r.questions
        .filter(answered)
        .map((q) => observation(observationUuid(fw, q), fw, r, q, t, data.assessment.updatedAt)),
    ),
  );
  const findings = data.frameworks.flatMap((fw) =>
    fw.requirements
      .filter((r) => r.result !== 'not_assessed')
      .map((r) => {
        const risk = riskByRequirement.get(`${fw.id}:${r.id}`);
        const related = r.questions.filter(answered).map((q) => ({ 'observation-uuid': observationUuid(fw, q) }));
        return {
          uuid: uuid('finding', `${fw.id}:${r.id}`),
          title: markupLine(`${r.id} ${r.title}`, r.id),
          description: `${fw.name} ${r.id} ${r.title}: ${t(r.result)}.`,
          props: props({
            framework: fw.id,
            'requirement-id': r.id,
            result: r.result,
            score: r.score,
            maturity: r.maturity,
            gap: r.gap,
            weight: r.weight,
            severity: risk?.severity,
          }),
          target: {
            type: 'objective-id',
            'target-id': objectiveId(r.id),
            status: objectiveStatus(r.result),
            ...(IMPLEMENTATION[r.result] ? { 'implementation-status': { state: IMPLEMENTATION[r.result] } } : {}),
          },
          ...(related.length > 0 ? { 'related-observations': related } : {}),
          ...(risk ? { 'related-risks': [{ 'risk-uuid': riskUuid(risk) }] } : {}),
        };
      }),
  );
  const risks = data.findings.map((f) => risk(riskUuid(f), f, t));

  const result = {
    uuid: uuid('result'),
    title: markupLine(`${data.assessment.subject}: ${frameworks}`, id),
    description: narrative.executiveSummary.trim() || `${data.assessment.subject}: ${frameworks}`,
    start: data.assessment.createdAt,
    end: data.assessment.updatedAt,
    props: props({
      'assessment-id': id,
      'assessment-status': data.assessment.status,
      'target-level': data.assessment.targetLevel,
      'data-hash': data.dataHash,
      'sealed-hash': data.assessment.sealedHash,
      'report-schema': data.schema,
      language: data.language,
    }),
    'reviewed-controls': {
      description: data.assessment.scope.description ?? t('wholeFramework'),
      'control-selections': data.frameworks
        .filter((fw) => fw.requirements.length > 0)
        .map((fw) => ({
          props: props({ framework: fw.id, 'framework-version': fw.version }),
          'include-controls': fw.requirements.map((r) => ({ 'control-id': oscalToken(r.id) })),
        })),
    },
    ...(observations.length > 0 ? { observations } : {}),
    ...(risks.length > 0 ? { risks } : {}),
    ...(findings.length > 0 ? { findings } : {}),
  };

  return {
    uuid: uuidV5(`${id}/document/${data.dataHash}/${data.language}`),
    metadata: {
      title: markupLine(
        `${input.template.name[input.language] ?? input.template.name.en ?? ''}: ${data.assessment.subject}`,
        id,
      ),
      'last-modified': data.generatedAt,
      version: data.dataHash.slice(0, 12),
      'oscal-version': OSCAL_VERSION,
      props: props({ 'data-hash': data.dataHash, 'assessment-id': id, template: input.template.id }),
      roles: [
        { id: 'prepared-by', title: 'Prepared by' },
        { id: 'prepared-for', title: 'Prepared for' },
      ],
      parties: [
        withProps(
          { uuid: firm, type: 'organization', name: markupLine(data.organisation.name, data.organisation.slug) },
          props({ slug: data.organisation.slug }),
        ),
        { uuid: subject, type: 'organization', name: markupLine(data.assessment.subject, id) },
      ],
      'responsible-parties': [
        { 'role-id': 'prepared-by', 'party-uuids': [firm] },
        { 'role-id': 'prepared-for', 'party-uuids': [subject] },
      ],
    },
    'import-ap': { href: `#${plan}` },
    results: [result],
    'back-matter': {
      resources: [
        {
          uuid: plan,
          title: `renfe assessment ${id}`,
          description:
            `No separate OSCAL assessment plan exists: the plan is renfe assessment ${id} ` +
            `(${frameworks}; ${data.assessment.scope.description ?? t('wholeFramework')}).`,
          props: props({
            'assessment-id': id,
            'scope-level': data.assessment.scope.level,
            'scope-domains': data.assessment.scope.domains?.join(' '),
          }),
        },
      ],
    },
  };
}

function observation(
  uuid: string,
  fw: FrameworkData,
  r: RequirementData,
  q: QuestionData,
  t: Text,
  fallbackDate: string,
) {
  const lines = [q.text, `${t('answer')}: ${q.answer ?? ''}`];
  if (q.note) lines.push(`${t('note')}: ${q.note}`);
  return {
    uuid,
    title: markupLine(`${q.id} ${q.text}`, q.id),
    description: lines.join('\n\n'),
    props: props({
      framework: fw.id,
      'requirement-id': r.id,
      'question-id': q.id,
      'question-type': q.type,
      value: Array.isArray(q.value) ? JSON.stringify(q.value) : q.value,
      score: q.score,
      'answered-by': q.answeredBy,
    }),
    methods: [q.evidence.length > 0 ? 'EXAMINE' : 'INTERVIEW'],
    types: ['control-objective'],
    ...(q.evidence.length > 0 ? { 'relevant-evidence': q.evidence.map(relevantEvidence) } : {}),
    collected: q.answeredAt ?? fallbackDate,
  };
}

function relevantEvidence(e: EvidenceData) {
  const href = e.kind === 'link' && e.url && isUrl(e.url) ? { href: e.url } : {};
  return withProps(
    {
      ...href,
      description: e.kind === 'link' && e.url && !href.href ? `${e.name} (${e.url})` : e.name,
      ...(e.sha256 ? { remarks: `SHA-256: ${e.sha256}` } : {}),
    },
    props({ 'evidence-kind': e.kind, sha256: e.sha256, size: e.size }),
  );
}

function isUrl(text: string): boolean {
  try {
    return new URL(text).href.length > 0 && !/\s/.test(text);
  } catch {
    return false;
  }
}

function objectiveStatus(result: ResultName): { state: 'satisfied' | 'not-satisfied'; reason: string } {
  if (result === 'compliant') return { state: 'satisfied', reason: 'pass' };
  if (result === 'not_applicable') return { state: 'satisfied', reason: 'other' };
  return { state: 'not-satisfied', reason: 'fail' };
}

const IMPLEMENTATION: Partial<Record<ResultName, string>> = {
  compliant: 'implemented',
  partially_compliant: 'partial',
  not_applicable: 'not-applicable',
};

const RISK_STATUS: Record<string, string> = {
  open: 'open',
  in_progress: 'remediating',
  resolved: 'closed',
  accepted: 'deviation-approved',
};

function risk(uuid: string, f: FindingData, t: Text) {
  const due = f.due && /^\d{4}-\d{2}-\d{2}$/.test(f.due) ? `${f.due}T00:00:00Z` : null;
  return {
    uuid,
    title: markupLine(`${f.requirement} ${f.title}`, f.requirement),
    description: `${t(f.severity)}: ${f.requirement} ${f.title} (${t(f.result)}).`,
    statement: f.recommendation,
    props: props({
      framework: f.framework,
      'requirement-id': f.requirement,
      'finding-id': f.id,
      severity: f.severity,
      'severity-score': f.severityScore,
      owner: f.owner,
      due: f.due,
      'finding-status': f.status,
    }),
    status: RISK_STATUS[f.status] ?? oscalToken(f.status),
    ...(due ? { deadline: due } : {}),
  };
}
