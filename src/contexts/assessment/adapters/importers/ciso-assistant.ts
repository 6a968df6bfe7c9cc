import * as z from 'zod';
import type { Catalog, CatalogInput, QuestionInput, RequirementInput } from '../../domain/catalog.js';
import { catalogError } from '../../domain/catalog-parse.js';
import { type MappingSet, MappingSetInput, type Relationship } from '../../domain/mapping.js';
import {
  finishCatalog,
  frameworkSlug,
  SourcePlaces,
  sourceIssue,
  withDefaultQuestionsWhere,
} from './catalog-assembly.js';
import { parseYamlText } from './source-text.js';

/**
 * CISO Assistant libraries (intuitem/ciso-assistant-community,
 * backend/library/libraries/*.yaml) into our catalog and mapping sets.
 *
 * The file: top-level `urn`, `ref_id`, `name`, `version`, `locale`,
 * `provider`, optional `translations`, and `objects` holding a `framework`
 * and/or `requirement_mapping_sets` (a list; the older singular
 * `requirement_mapping_set` is read too).
 *
 * Framework: `urn`, `ref_id`, `name`, `description`, optional
 * `implementation_groups_definition` ([{ref_id, name}], which become our
 * levels) and `requirement_nodes` ([{urn, assessable, depth, parent_urn,
 * ref_id, name, description, annotation, typical_evidence,
 * implementation_groups, questions, translations}]). The tree is built from
 * `parent_urn` (`depth` is not needed). Requirement id: `ref_id` (blanks
 * become "-"), else the urn's last segment; when that id is taken already,
 * the urn's tail after `req_node:<framework>:`. Title: `name`, else
 * `ref_id`, else the first words of `description`, else the id.
 * `translations: {fr: {name, description}}` add languages.
 *
 * Questions, current format: `questions: {<urn>: {type, text, choices:
 * [{urn, value, add_score?, compute_result?}]}}` with type unique_choice →
 * single_choice, multiple_choice → multiple_choice, text and date → text
 * (a choice question with fewer than two choices also becomes text). The
 * older format `question: {question_type, question_choices: [text],
 * questions: [{urn, text}]}` is read the same way. Choice scores (0..1):
 * `compute_result` true → 1, false → 0; else `add_score` divided by the
 * question's highest (single choice) or total (multiple choice); without
 * either, multiple-choice options share 1 equally and single-choice ones
 * score "yes" → 1, "partial…" → 0.5, anything else 0. Choice ids are the
 * last segment of their urn (else their position).
 * `annotation` becomes the questions' guidance, `typical_evidence` their
 * evidence. Question ids are `<requirement id>.Q1`, `.Q2`…
 *
 * Nodes with `assessable: true` are assessed: those without questions get
 * the default yes/no question, whether or not they have children. Other
 * nodes get no questions.
 *
 * Framework id: `options.id`, else the framework urn's last segment
 * (`urn:intuitem:risk:framework:iso27001-2022` → `iso27001-2022`); version:
 * the library `version`.
 *
 * Mapping sets: relationships equal, subset, superset and intersect are
 * kept (CISO Assistant reads them from the source's side, as we do);
 * not_related is skipped, and a set left empty is dropped. Framework ids
 * come from the urns as above. A requirement urn becomes the id of the node
 * with that urn when this file holds the framework; else the id of the
 * requirement of a known catalog (`options.knownCatalogs`) whose id matches
 * the urn's last segment ignoring case; else that segment as written
 * (CISO Assistant lower-cases it, e.g. `a.5.1`). `rationale` is kept, with
 * `strength_of_relationship` appended as "(strength N)".
 *
 * Scalars are read as text (`ref_id: 5.10` stays "5.10").
 */

export interface CisoAssistantImportOptions {
  readonly id?: string | undefined;
  /** Catalogs already known, to turn mapping urns into their requirement ids. */
  readonly knownCatalogs?: readonly Catalog[] | undefined;
}

export interface CisoAssistantImport {
  readonly catalog: Catalog | null;
  readonly mappingSets: MappingSet[];
}

export function importCisoAssistantLibrary(
  text: string,
  file: string,
  options: CisoAssistantImportOptions = {},
): CisoAssistantImport {
  const parsed = Library.safeParse(parseYamlText(text, file, { scalarsAsText: true }));
  if (!parsed.success) throw sourceIssue(parsed.error, file);
  const library = parsed.data;
  const { framework } = library.objects;
  const sets = [
    ...(library.objects.requirement_mapping_set
      ? [{ set: library.objects.requirement_mapping_set, place: 'objects.requirement_mapping_set' }]
      : []),
    ...(library.objects.requirement_mapping_sets ?? []).map((set, i) => ({
      set,
      place: `objects.requirement_mapping_sets[${i}]`,
    })),
  ];
  if (!framework && sets.length === 0) {
    throw catalogError(file, 'objects', 'a framework or requirement_mapping_sets (this library has neither)');
  }
  const built = framework ? buildCatalog(library, framework, file, options) : null;
  const mappingSets = sets.flatMap(({ set, place }) =>
    buildMappingSet(set, place, library, built, file, options.knownCatalogs ?? []),
  );
  return { catalog: built?.catalog ?? null, mappingSets };
}

// -- the library file ---------------------------------------------------------

const absent = (v: unknown) => (v === '' || v === '~' || v === 'null' ? undefined : v);
const Text = (what: string) => z.string({ error: what }).trim().min(1, what);
const OptText = (what: string) => z.preprocess(absent, z.string({ error: what }).trim().optional());
const Bool = (what: string) =>
  z.preprocess(
    (v) =>
      typeof v === 'string' ? ({ true: true, yes: true, false: false, no: false }[v.trim().toLowerCase()] ?? v) : v,
    z.boolean({ error: what }),
  );
const Num = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : absent(v)),
    z.number({ error: what }).optional(),
  );
const Translations = z.preprocess(
  absent,
  z
    .record(
      z.string(),
      z.preprocess(absent, z.record(z.string(), z.unknown(), { error: 'a map of translated fields' }).optional()),
      { error: 'a map of language to translated fields' },
    )
    .optional(),
);

const Choice = z.object(
  {
    urn: OptText('a choice urn'),
    value: Text('a choice value (text)'),
    add_score: Num('a number'),
    compute_result: z.preprocess(absent, Bool('true or false').optional()),
  },
  { error: 'a choice (urn and value)' },
);
type Choice = z.infer<typeof Choice>;

const Question = z.object(
  {
    type: Text('a question type (unique_choice, multiple_choice, text or date)'),
    text: Text('the question text'),
    choices: z.preprocess(absent, z.array(Choice, { error: 'a list of choices' }).optional()),
  },
  { error: 'a question (type, text, choices)' },
);

const LegacyQuestion = z.object(
  {
    question_type: Text('a question type (unique_choice, multiple_choice, text or date)'),
    question_choices: z.preprocess(
      absent,
      z.array(z.union([z.string(), Choice], { error: 'a choice (text, or urn and value)' })).optional(),
    ),
    questions: z.preprocess(
      absent,
      z
        .array(z.object({ urn: OptText('a question urn'), text: Text('the question text') }), {
          error: 'a list of questions',
        })
        .optional(),
    ),
  },
  { error: 'a question map (question_type, question_choices, questions)' },
);

const Node = z.object(
  {
    urn: Text('a node urn'),
    assessable: z.preprocess((v) => absent(v) ?? 'false', Bool('true or false')),
    parent_urn: OptText('the urn of the parent node'),
    ref_id: OptText('a reference id (text)'),
    name: OptText('a name (text)'),
    description: OptText('a description (text)'),
    annotation: OptText('an annotation (text)'),
    typical_evidence: OptText('typical evidence (text)'),
    implementation_groups: z.preprocess(
      absent,
      z.array(Text('an implementation group id'), { error: 'a list of implementation group ids' }).optional(),
    ),
    questions: z.preprocess(
      absent,
      z.record(z.string(), Question, { error: 'a map of question urn to question' }).optional(),
    ),
    question: z.preprocess(absent, LegacyQuestion.optional()),
    translations: Translations,
  },
  { error: 'a requirement node (urn, assessable, ...)' },
);
type Node = z.infer<typeof Node>;

const Framework = z.object(
  {
    urn: Text('a framework urn'),
    ref_id: OptText('a reference id'),
    name: OptText('a framework name'),
    description: OptText('a description'),
    translations: Translations,
    implementation_groups_definition: z.preprocess(
      absent,
      z
        .array(
          z.object({ ref_id: Text('an implementation group id'), name: OptText('a name'), translations: Translations }),
          { error: 'a list of implementation groups' },
        )
        .optional(),
    ),
    requirement_nodes: z.array(Node, { error: 'a list of requirement nodes' }).min(1, 'at least one requirement node'),
  },
  { error: 'a framework map (urn, name, requirement_nodes)' },
);
type Framework = z.infer<typeof Framework>;

const RELATIONSHIP_VALUES = ['equal', 'subset', 'superset', 'intersect', 'not_related'] as const;
const MappingSetSource = z.object(
  {
    urn: Text('a mapping set urn'),
    ref_id: OptText('a reference id'),
    name: OptText('a name'),
    description: OptText('a description'),
    source_framework_urn: Text('the source framework urn'),
    target_framework_urn: Text('the target framework urn'),
    requirement_mappings: z.array(
      z.object({
        source_requirement_urn: Text('a source requirement urn'),
        target_requirement_urn: Text('a target requirement urn'),
        relationship: z.enum(RELATIONSHIP_VALUES, { error: `one of ${RELATIONSHIP_VALUES.join(', ')}` }),
        rationale: OptText('a rationale (text)'),
        strength_of_relationship: Num('a number from 0 to 10'),
      }),
      { error: 'a list of requirement mappings' },
    ),
  },
  { error: 'a requirement mapping set (urn, source/target framework urns, requirement_mappings)' },
);
type MappingSetSource = z.infer<typeof MappingSetSource>;

const Library = z.object(
  {
    urn: Text('a library urn'),
    ref_id: OptText('a reference id'),
    name: OptText('a library name'),
    version: OptText('a version'),
    locale: OptText('a language code such as en'),
    provider: OptText('a provider'),
    packager: OptText('a packager'),
    translations: Translations,
    objects: z.object(
      {
        framework: z.preprocess(absent, Framework.optional()),
        requirement_mapping_set: z.preprocess(absent, MappingSetSource.optional()),
        requirement_mapping_sets: z.preprocess(
          absent,
          z.array(MappingSetSource, { error: 'a list of mapping sets' }).optional(),
        ),
      },
      { error: 'an objects map (framework, requirement_mapping_sets)' },
    ),
  },
  { error: 'a CISO Assistant library (a map with urn and objects)' },
);
type Library = z.infer<typeof Library>;

// -- the framework ------------------------------------------------------------

interface BuiltFramework {
  readonly catalog: Catalog;
  readonly frameworkUrn: string;
  readonly idByUrn: ReadonlyMap<string, string>;
}

const LANG = /^[a-z]{2}(-[A-Z]{2})?$/;

/** The last segment of a urn, as a framework or mapping set id. */
export function idFromUrn(urn: string): string {
  return frameworkSlug(urn.split(':').pop() ?? urn, 'framework');
}

function buildCatalog(
  library: Library,
  framework: Framework,
  file: string,
  options: CisoAssistantImportOptions,
): BuiltFramework {
  const root = 'objects.framework';
  const locale = language(library.locale);
  const languages = new Set([locale]);
  const localized = (
    base: string,
    translations: Node['translations'],
    field: string,
  ): string | Record<string, string> => {
    const extra = Object.entries(translations ?? {}).flatMap(([lang, fields]) => {
      const value = fields?.[field];
      return LANG.test(lang) && lang !== locale && typeof value === 'string' && value.trim()
        ? [[lang, value.trim()] as const]
        : [];
    });
    if (extra.length === 0) return base;
    extra.forEach(([lang]) => languages.add(lang));
    return { [locale]: base, ...Object.fromEntries(extra) };
  };

  const nodes = framework.requirement_nodes;
  const places = new SourcePlaces();
  const idByUrn = new Map<string, string>();
  const used = new Set<string>();
  const frameworkTail = framework.urn.split(':').pop() ?? '';
  nodes.forEach((node, i) => {
    if (idByUrn.has(node.urn)) {
      throw catalogError(
        file,
        `${root}.requirement_nodes[${i}].urn`,
        `a urn not used before ("${node.urn}" is repeated)`,
      );
    }
    const preferred = (node.ref_id ?? node.urn.split(':').pop() ?? node.urn).replace(/\s+/g, '-');
    let id = preferred;
    if (used.has(id)) {
      const marker = `:req_node:${frameworkTail}:`;
      const at = node.urn.indexOf(marker);
      id = at >= 0 ? node.urn.slice(at + marker.length) : node.urn;
    }
    used.add(id);
    idByUrn.set(node.urn, id);
  });

  const childrenOf = new Map<string | null, number[]>();
  nodes.forEach((node, i) => {
    const parent = node.parent_urn ?? null;
    if (parent !== null && !idByUrn.has(parent)) {
      throw catalogError(
        file,
        `${root}.requirement_nodes[${i}].parent_urn`,
        `the urn of a node of this framework (there is no "${parent}")`,
      );
    }
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), i]);
  });

  const levels = (framework.implementation_groups_definition ?? []).map((g, i) => {
    places.add(`levels[${i}]`, `${root}.implementation_groups_definition[${i}]`);
    return { id: g.ref_id.replace(/\s+/g, '-'), name: localized(g.name ?? g.ref_id, g.translations, 'name') };
  });
  const assessable = new Set<string>();
  const visiting = new Set<number>();
  const build = (i: number, built: string): RequirementInput => {
    const node = nodes[i] as Node;
    const place = `${root}.requirement_nodes[${i}]`;
    if (visiting.has(i)) throw catalogError(file, `${place}.parent_urn`, 'a parent that is not its own descendant');
    visiting.add(i);
    const id = idByUrn.get(node.urn) as string;
    places.add(built, place);
    places.add(`${built}.id`, `${place}.${node.ref_id ? 'ref_id' : 'urn'}`);
    places.add(`${built}.title`, `${place}.name`);
    places.add(`${built}.description`, `${place}.description`);
    places.add(`${built}.applicability`, `${place}.implementation_groups`);
    if (node.assessable) assessable.add(id);
    const questions = translateQuestions(node, id, { built: `${built}.questions`, place, file }, places, localized);
    const kids = (childrenOf.get(node.urn) ?? []).map((k, n) => build(k, `${built}.children[${n}]`));
    visiting.delete(i);
    return {
      id,
      title: localized(node.name ?? node.ref_id ?? shortTitle(node.description) ?? id, node.translations, 'name'),
      ...(node.description ? { description: localized(node.description, node.translations, 'description') } : {}),
      ...(node.implementation_groups
        ? { applicability: node.implementation_groups.map((g) => g.replace(/\s+/g, '-')) }
        : {}),
      ...(questions.length > 0 ? { questions } : {}),
      ...(kids.length > 0 ? { children: kids } : {}),
    };
  };
  const requirements = (childrenOf.get(null) ?? []).map((i, n) => build(i, `requirements[${n}]`));
  if (requirements.length === 0) {
    throw catalogError(
      file,
      `${root}.requirement_nodes`,
      'at least one node without a parent_urn (every node has a parent)',
    );
  }

  places.add('id', options.id !== undefined ? 'the id option' : `${root}.urn`);
  places.add('version', 'version');
  places.add('name', `${root}.name`);
  const input: CatalogInput = {
    id: options.id ?? idFromUrn(framework.urn),
    version: library.version ?? '1',
    name: localized(framework.name ?? library.name ?? idFromUrn(framework.urn), framework.translations, 'name'),
    ...(library.provider ? { publisher: library.provider } : {}),
    source: library.urn,
    ...(framework.description
      ? { description: localized(framework.description, framework.translations, 'description') }
      : {}),
    ...(levels.length > 0 ? { levels } : {}),
    requirements,
  };
  input.languages = [...languages];
  const catalog = withDefaultQuestionsWhere(finishCatalog(input, file, places), (r) => assessable.has(r.id));
  return { catalog, frameworkUrn: framework.urn, idByUrn };
}

/** The first words of a description, for a node that has no name. */
function shortTitle(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const line = description.split('\n')[0]?.trim() ?? '';
  if (line.length <= 100) return line || undefined;
  const cut = line.slice(0, 100).lastIndexOf(' ');
  return `${line.slice(0, cut > 40 ? cut : 100)}…`;
}

/** The library locale as one of our language codes (`fr`, `pt-BR`); `zh-hans` becomes `zh`. */
function language(locale: string | undefined): string {
  if (!locale) return 'en';
  if (LANG.test(locale)) return locale;
  const [primary = '', region = ''] = locale.split(/[-_]/);
  const full = `${primary.toLowerCase()}-${region.toUpperCase()}`;
  if (LANG.test(full)) return full;
  return LANG.test(primary.toLowerCase()) ? primary.toLowerCase() : 'en';
}

type Localize = (base: string, translations: Node['translations'], field: string) => string | Record<string, string>;

function translateQuestions(
  node: Node,
  id: string,
  at: { readonly built: string; readonly place: string; readonly file: string },
  places: SourcePlaces,
  localized: Localize,
): z.input<typeof QuestionInput>[] {
  const source: { type: string; typePlace: string; text: string; choices: Choice[]; place: string }[] = [];
  for (const [urn, q] of Object.entries(node.questions ?? {})) {
    const place = `${at.place}.questions[${JSON.stringify(urn)}]`;
    source.push({ type: q.type, typePlace: `${place}.type`, text: q.text, choices: q.choices ?? [], place });
  }
  if (node.question) {
    const legacy = node.question;
    const choices = (legacy.question_choices ?? []).map((c): Choice => (typeof c === 'string' ? { value: c } : c));
    (legacy.questions ?? []).forEach((q, n) =>
      source.push({
        type: legacy.question_type,
        typePlace: `${at.place}.question.question_type`,
        text: q.text,
        choices,
        place: `${at.place}.question.questions[${n}]`,
      }),
    );
  }
  return source.map((q, n) => {
    places.add(`${at.built}[${n}]`, q.place);
    const kind = q.type.trim().toLowerCase();
    const choiceType =
      kind === 'unique_choice' ? 'single_choice' : kind === 'multiple_choice' ? 'multiple_choice' : null;
    if (!choiceType && kind !== 'text' && kind !== 'date') {
      throw catalogError(at.file, q.typePlace, `unique_choice, multiple_choice, text or date, not "${q.type}"`);
    }
    const base = {
      id: `${id}.Q${n + 1}`,
      text: q.text,
      ...(node.annotation ? { guidance: localized(node.annotation, node.translations, 'annotation') } : {}),
      ...(node.typical_evidence
        ? { evidence: localized(node.typical_evidence, node.translations, 'typical_evidence') }
        : {}),
    };
    if (!choiceType || q.choices.length < 2) return { ...base, type: 'text' as const };
    return { ...base, type: choiceType, choices: choices(q.choices, choiceType === 'multiple_choice') };
  });
}

/**
 * Our scores are 0..1 per choice; a multiple-choice answer scores the sum of
 * its choices (at most 1). So `add_score` is divided by the highest for a
 * single choice and by the total for a multiple choice, and unscored
 * multiple-choice options share 1 equally.
 */
function choices(list: readonly Choice[], multiple: boolean): { id: string; label: string; score: number }[] {
  const positive = list.map((c) => Math.max(c.add_score ?? 0, 0));
  const scale = multiple ? positive.reduce((a, b) => a + b, 0) : Math.max(0, ...positive);
  const scored = list.some((c) => c.compute_result !== undefined || c.add_score !== undefined);
  const ids = new Set<string>();
  return list.map((c, i) => {
    let id = (c.urn?.split(':').pop() ?? '').replace(/\s+/g, '-');
    if (!id || ids.has(id)) id = String(i + 1);
    ids.add(id);
    const score = multiple && !scored ? 1 / list.length : choiceScore(c, scale);
    return { id, label: c.value, score: Math.round(score * 1e6) / 1e6 };
  });
}

function choiceScore(c: Choice, scale: number): number {
  if (c.compute_result !== undefined) return c.compute_result ? 1 : 0;
  if (c.add_score !== undefined) return scale > 0 ? Math.min(Math.max(c.add_score / scale, 0), 1) : 0;
  const value = c.value.trim().toLowerCase();
  if (/^(yes|oui|sí|si|ja)\b/.test(value)) return 1;
  if (/^(partial|partiel|parcial|teilweise)/.test(value)) return 0.5;
  return 0;
}

// -- mapping sets -------------------------------------------------------------

function buildMappingSet(
  set: MappingSetSource,
  place: string,
  library: Library,
  built: BuiltFramework | null,
  file: string,
  known: readonly Catalog[],
): MappingSet[] {
  const source = idFromUrn(set.source_framework_urn);
  const target = idFromUrn(set.target_framework_urn);
  const resolver = (frameworkUrn: string, frameworkId: string) => {
    if (built && built.frameworkUrn === frameworkUrn)
      return (urn: string) => built.idByUrn.get(urn) ?? lastSegment(urn);
    const catalog = known.find((c) => c.id === frameworkId);
    if (!catalog) return lastSegment;
    const byLower = new Map<string, string>();
    const index = (rs: Catalog['requirements']) =>
      rs.forEach((r) => {
        byLower.set(r.id.toLowerCase(), r.id);
        byLower.set(r.id.toLowerCase().replace(/\s+/g, '-'), r.id);
        index(r.children);
      });
    index(catalog.requirements);
    return (urn: string) => byLower.get(lastSegment(urn).toLowerCase()) ?? lastSegment(urn);
  };
  const sourceId = resolver(set.source_framework_urn, source);
  const targetId = resolver(set.target_framework_urn, target);
  const kept = set.requirement_mappings.map((m, i) => ({ m, i })).filter(({ m }) => m.relationship !== 'not_related');
  if (kept.length === 0) return [];
  const input: MappingSetInput = {
    id: idFromUrn(set.ref_id ?? set.urn),
    ...(set.name ? { name: set.name } : {}),
    source: { framework: source },
    target: { framework: target },
    ...(library.provider || library.packager ? { author: (library.provider ?? library.packager) as string } : {}),
    ...(set.description ? { description: set.description } : {}),
    mappings: kept.map(({ m }) => {
      const strength = m.strength_of_relationship !== undefined ? `(strength ${m.strength_of_relationship})` : '';
      const rationale = [m.rationale, strength].filter(Boolean).join(' ');
      return {
        source: sourceId(m.source_requirement_urn),
        target: targetId(m.target_requirement_urn),
        relationship: m.relationship as Relationship,
        ...(rationale ? { rationale } : {}),
      };
    }),
  };
  const parsed = MappingSetInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [head, index] = issue?.path ?? [];
    const at =
      head === 'mappings' && typeof index === 'number'
        ? `${place}.requirement_mappings[${kept[index]?.i ?? index}]`
        : `${place}${head === 'id' ? '.urn' : ''}`;
    throw catalogError(file, at, issue?.message ?? 'a valid mapping set');
  }
  const data = parsed.data;
  return [
    {
      id: data.id,
      name: data.name ?? data.id,
      source: { framework: data.source.framework, version: data.source.version ?? null },
      target: { framework: data.target.framework, version: data.target.version ?? null },
      informative: data.informative ?? false,
      author: data.author ?? null,
      description: data.description ?? null,
      mappings: data.mappings.map((m) => ({
        source: m.source,
        target: m.target,
        relationship: m.relationship,
        rationale: m.rationale ?? null,
      })),
    },
  ];
}

function lastSegment(urn: string): string {
  return (urn.split(':').pop() ?? urn).replace(/\s+/g, '-');
}
