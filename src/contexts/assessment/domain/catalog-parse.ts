import type { AppError } from '../../../kernel/app-error.js';
import { ASSESSMENT_ERRORS } from '../errors.js';
import {
  type Catalog,
  CatalogInput,
  type Choice,
  type LocalizedText,
  type Question,
  type Requirement,
  type RequirementInput,
  YES_NO_VALUES,
} from './catalog.js';

/**
 * Validates a catalog in the file shape and normalises it. Every problem is
 * reported with its place in the document, e.g.
 * `requirements[2].children[0].questions[1].type`.
 */
export function parseCatalog(raw: unknown, file: string): Catalog {
  const parsed = CatalogInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw catalogError(file, formatPath(issue?.path ?? []), issue ? describeIssue(issue) : 'a valid catalog');
  }
  const input = parsed.data;
  const languages = input.languages ?? ['en'];
  const lang = languages[0] as string;
  const text = (t: string | Record<string, string>): LocalizedText => (typeof t === 'string' ? { [lang]: t } : t);
  const textOrNull = (t: string | Record<string, string> | undefined) => (t === undefined ? null : text(t));
  const levelIds = new Set((input.levels ?? []).map((l) => l.id));
  const dimensionIds = new Set((input.dimensions ?? []).map((d) => d.id));
  const requirementIds = new Set<string>();
  const questions = new Map<string, Question>();

  function question(q: NonNullable<RequirementInput['questions']>[number], path: string): Question {
    if (questions.has(q.id))
      throw catalogError(file, `${path}.id`, `a question id not used before ("${q.id}" is repeated)`);
    const choiceTypes = q.type === 'single_choice' || q.type === 'multiple_choice';
    if (choiceTypes && !q.choices) throw catalogError(file, `${path}.choices`, `choices for a ${q.type} question`);
    if (!choiceTypes && q.choices) throw catalogError(file, `${path}.choices`, `no choices on a ${q.type} question`);
    if (q.levels && q.type !== 'maturity')
      throw catalogError(file, `${path}.levels`, 'level labels only on maturity questions');
    if (q.min !== undefined && q.max !== undefined && q.min > q.max)
      throw catalogError(file, `${path}.max`, 'max not below min');
    const choices: Choice[] | null = q.choices
      ? q.choices.map((c, i) => {
          if (q.choices?.findIndex((o) => o.id === c.id) !== i) {
            throw catalogError(
              file,
              `${path}.choices[${i}].id`,
              `a choice id not used before in this question ("${c.id}")`,
            );
          }
          return { id: c.id, label: text(c.label), score: c.score ?? 0 };
        })
      : null;
    let when: Question['when'] = null;
    if (q.when) {
      const earlier = questions.get(q.when.question);
      if (!earlier) {
        throw catalogError(
          file,
          `${path}.when.question`,
          `the id of an earlier question (no question "${q.when.question}" before this one)`,
        );
      }
      const values = q.when.in.map(String);
      values.forEach((v, i) => {
        if (!answerValueFits(earlier, v)) {
          throw catalogError(
            file,
            `${path}.when.in[${i}]`,
            `an answer of ${earlier.id} (${allowedValues(earlier)}), not "${v}"`,
          );
        }
      });
      when = { question: q.when.question, in: values };
    }
    const built: Question = {
      id: q.id,
      type: q.type,
      text: text(q.text),
      guidance: textOrNull(q.guidance),
      evidence: textOrNull(q.evidence),
      weight: q.weight ?? 1,
      when,
      choices,
      levels: q.levels ? q.levels.map(text) : null,
      min: q.min ?? null,
      max: q.max ?? null,
      unit: textOrNull(q.unit),
      target: q.target ?? null,
    };
    questions.set(q.id, built);
    return built;
  }

  function requirement(r: RequirementInput, path: string, top: boolean): Requirement {
    if (requirementIds.has(r.id))
      throw catalogError(file, `${path}.id`, `a requirement id not used before ("${r.id}" is repeated)`);
    requirementIds.add(r.id);
    (r.applicability ?? []).forEach((level, i) => {
      if (!levelIds.has(level)) {
        throw catalogError(
          file,
          `${path}.applicability[${i}]`,
          `one of the catalog's levels (${[...levelIds].join(', ') || 'none declared'}), not "${level}"`,
        );
      }
    });
    (r.dimensions ?? []).forEach((dimension, i) => {
      if (!dimensionIds.has(dimension)) {
        throw catalogError(
          file,
          `${path}.dimensions[${i}]`,
          `one of the catalog's dimensions (${[...dimensionIds].join(', ') || 'none declared'}), not "${dimension}"`,
        );
      }
    });
    if (r.dimensions && !r.applicability) {
      throw catalogError(file, `${path}.applicability`, 'the levels at which the dimensions apply (dimensions given)');
    }
    if (r.optional && !top) throw catalogError(file, `${path}.optional`, 'optional only on a top-level requirement');
    return {
      id: r.id,
      title: text(r.title),
      description: textOrNull(r.description),
      weight: r.weight ?? 1,
      applicability: r.applicability ?? null,
      ...(r.dimensions ? { dimensions: r.dimensions } : {}),
      ...(r.optional ? { optional: true } : {}),
      ...(r.short_title !== undefined ? { shortTitle: text(r.short_title) } : {}),
      ...(r.recommendation !== undefined ? { recommendation: text(r.recommendation) } : {}),
      withdrawn: r.withdrawn ?? false,
      questions: (r.questions ?? []).map((q, i) => question(q, `${path}.questions[${i}]`)),
      children: (r.children ?? []).map((c, i) => requirement(c, `${path}.children[${i}]`, false)),
    };
  }

  const requirements = input.requirements.map((r, i) => requirement(r, `requirements[${i}]`, true));
  return {
    id: input.id,
    version: input.version,
    name: text(input.name),
    publisher: input.publisher ?? null,
    source: input.source ?? null,
    languages,
    licenseNote: input.license_note ?? null,
    description: textOrNull(input.description),
    levels: (input.levels ?? []).map((l) => ({ id: l.id, name: text(l.name) })),
    ...(input.dimensions ? { dimensions: input.dimensions.map((d) => ({ id: d.id, name: text(d.name) })) } : {}),
    requirements,
  };
}

/** Whether `value` (as text) is a possible answer to `q`. */
export function answerValueFits(q: Question, value: string): boolean {
  switch (q.type) {
    case 'yes_no':
      return (YES_NO_VALUES as readonly string[]).includes(value);
    case 'maturity':
      return value === 'na' || /^[0-5]$/.test(value);
    case 'single_choice':
    case 'multiple_choice':
      return value === 'na' || (q.choices ?? []).some((c) => c.id === value);
    case 'number':
      return value === 'na' || Number.isFinite(Number(value));
    case 'text':
      return true;
  }
}

export function allowedValues(q: Question): string {
  switch (q.type) {
    case 'yes_no':
      return YES_NO_VALUES.join(', ');
    case 'maturity':
      return '0-5 or na';
    case 'single_choice':
    case 'multiple_choice':
      return `${(q.choices ?? []).map((c) => c.id).join(', ')} or na`;
    case 'number':
      return 'a number or na';
    case 'text':
      return 'any text';
  }
}

/**
 * Gives every leaf requirement that has no questions one default yes/no
 * question, so any imported catalog can be assessed.
 */
export function withDefaultQuestions(catalog: Catalog): Catalog {
  const lang = catalog.languages[0] ?? 'en';
  const fill = (r: Requirement): Requirement => {
    const children = r.children.map(fill);
    if (r.questions.length > 0 || children.length > 0 || r.withdrawn) return { ...r, children };
    const title = r.title[lang] ?? Object.values(r.title)[0] ?? r.id;
    const question: Question = {
      id: `${r.id}.Q1`,
      type: 'yes_no',
      text:
        lang === 'es'
          ? { es: `¿Está implantado «${title}» (${r.id})?` }
          : { en: `Is "${title}" (${r.id}) implemented?` },
      guidance: r.description,
      evidence: null,
      weight: 1,
      when: null,
      choices: null,
      levels: null,
      min: null,
      max: null,
      unit: null,
      target: null,
    };
    return { ...r, children, questions: [question] };
  };
  return { ...catalog, requirements: catalog.requirements.map(fill) };
}

export function catalogError(file: string, place: string, expected: string): AppError {
  return ASSESSMENT_ERRORS.frameworkInvalid({ file, place: place || '(document)', expected });
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

function describeIssue(issue: { code: string; message: string; expected?: unknown; keys?: unknown }): string {
  if (issue.code === 'unrecognized_keys') return `no unknown keys (${String(issue.keys)})`;
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) return `${String(issue.expected)}`;
  return issue.message;
}
