import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod';
import type { AppError } from '../../../../kernel/app-error.js';
import { ASSESSMENT_ERRORS } from '../../errors.js';
import type { Catalog, CatalogInput, QuestionInput, Requirement, RequirementInput } from '../../domain/catalog.js';
import { catalogError, formatPath } from '../../domain/catalog-parse.js';
import { type MappingSet, MappingSetInput, type Relationship } from '../../domain/mapping.js';
import { finishCatalog, frameworkSlug, SourcePlaces, withDefaultQuestionsWhere } from './catalog-assembly.js';
import { parseYamlText } from './source-text.js';

/**
 * CISO Assistant libraries (intuitem/ciso-assistant-community,
 * backend/library/libraries/*.yaml) into our catalog and mapping sets.
 *
 * The file: top-level `urn`, `ref_id`, `name`, `version`, `locale`,
 * `provider`, optional `translations`, and `objects` holding a `framework`
 * and/or `requirement_mapping_sets` (a list; the older singular
 * `requirement_mapping_set` is read too, and a set given in both is read
 * once). A library holding neither (reference controls, threats, a risk
 * matrix, a preset) is refused with one line saying what it holds
 * (`FRAMEWORK.UNSUPPORTED_LIBRARY`, kind unsupported).
 *
 * Framework: `urn`, `ref_id`, `name`, `description`, optional
 * `implementation_groups_definition` ([{ref_id, name}], which become our
 * levels) and `requirement_nodes` ([{urn, assessable, depth, parent_urn,
 * ref_id, name, description, annotation, typical_evidence,
 * implementation_groups, questions, translations}]). As in CISO Assistant,
 * the urn is a node's key (compared ignoring case) and `ref_id` a label: a
 * node's id is its `ref_id` when no other node of the framework has the same
 * one, else the urn's tail after `req_node:<framework>:` (the `ref_id` is
 * then kept as the requirement's `label`). The tree is built from
 * `parent_urn`. Title: `name`, else the first words of `description`, else
 * `ref_id`. A node whose name or description starts with "[Withdrawn" is
 * withdrawn (never assessed), with the ids it names after "into" or "to" as
 * where it went. `translations: {fr: {name, description}}` add languages.
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
 * Nodes with `assessable: true` (and not `display_mode: splash`) are
 * assessed: those without questions get the default yes/no question on
 * their name, or, for a node without a name, on its description.
 *
 * Quirks that lose no meaning are normalised, each with a warning naming
 * the file, the YAML line, the node's urn and the value:
 * - implementation groups: empty values dropped, `;`/`,`-joined values
 *   split, case folded to the declared group (`SIlver` → `Silver`), a group
 *   that is not declared added as a level;
 * - a question's text that is blank: taken from its translation, else
 *   written from the node's description or name;
 * - `strength_of_relationship` outside 0–10 clamped, one that is not a
 *   number dropped.
 * Anything else that does not fit refuses the file with the line and the
 * value found.
 *
 * Framework id: `options.id`, else the framework urn's last segment
 * (`urn:intuitem:risk:framework:iso27001-2022` → `iso27001-2022`). Version:
 * the standard's own, read from the end of that segment (`iso27001-2022` →
 * 2022, `nist-csf-2.0` → 2.0, `aircyber-v1.5.2` → 1.5.2, `pcidss-4_0` →
 * 4.0, `nist-800-171-rev3` → rev3), else the library `version`; the library
 * `version` is always kept as the catalog's `revision`.
 *
 * Mapping sets: relationships equal, subset, superset and intersect are
 * kept (CISO Assistant reads them from the source's side, as we do);
 * not_related is skipped, and a set left empty is dropped. Framework ids
 * and versions come from the urns as above. A requirement urn becomes the
 * id of the node with that urn when this file holds the framework; else the
 * id of the requirement with that urn in a known catalog
 * (`options.knownCatalogs`: the shipped ones and the CISO Assistant
 * libraries imported before), else of the one whose id matches the urn's
 * tail ignoring case; else that tail as written (CISO
 * Assistant lower-cases it, e.g. `a.5.1`). `rationale` is kept, with
 * `strength_of_relationship` appended as "(strength N)". A set's id is its
 * `ref_id` (else its urn's last segment) as a slug; one too long for an id
 * is cut and given a hash suffix, so two long names never collide.
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
  /** One line per quirk normalised: `file:line: urn: what (value)`. */
  readonly warnings: string[];
}

export function importCisoAssistantLibrary(
  text: string,
  file: string,
  options: CisoAssistantImportOptions = {},
): CisoAssistantImport {
  const raw = parseYamlText(text, file, { scalarsAsText: true });
  const lines = new YamlLines(text);
  const parsed = Library.safeParse(raw);
  if (!parsed.success) throw located(parsed.error, raw, lines, file);
  const library = parsed.data;
  const warnings: string[] = [];
  // The same quirk with the same value is named in full for its first nodes, then counted.
  const seen = new Map<string, number>();
  const warn = (line: number | null, urn: string, what: string) => {
    const n = (seen.get(what) ?? 0) + 1;
    seen.set(what, n);
    if (n <= WARNINGS_IN_FULL) warnings.push(`${file}${line ? `:${line}` : ''}: ${urn}: ${what}`);
  };
  const { framework } = library.objects;
  const sets: { set: MappingSetSource; place: string }[] = [];
  const seenSets = new Set<string>();
  const addSet = (set: MappingSetSource, place: string) => {
    if (seenSets.has(set.urn.toLowerCase())) return;
    seenSets.add(set.urn.toLowerCase());
    sets.push({ set, place });
  };
  if (library.objects.requirement_mapping_set) {
    addSet(library.objects.requirement_mapping_set, 'objects.requirement_mapping_set');
  }
  (library.objects.requirement_mapping_sets ?? []).forEach((set, i) =>
    addSet(set, `objects.requirement_mapping_sets[${i}]`),
  );
  const others = otherObjects(raw);
  if (!framework && sets.length === 0) {
    const held = others.length > 0 ? others.join(', ') : 'no framework and no requirement mapping set';
    throw ASSESSMENT_ERRORS.unsupportedLibrary({ file, held });
  }
  if (others.length > 0) {
    warn(
      lines.fieldLine(0, 'objects'),
      library.urn,
      `not imported (renfe imports frameworks and mapping sets): ${others.join(', ')}`,
    );
  }
  const built = framework ? buildCatalog(library, framework, file, options, lines, warn) : null;
  const mappingSets = sets.flatMap(({ set, place }) =>
    buildMappingSet(set, place, library, built, file, options.knownCatalogs ?? [], lines, warn),
  );
  const ids = new Set<string>();
  for (const set of mappingSets) {
    if (ids.has(set.id)) {
      throw catalogError(
        file,
        'objects.requirement_mapping_sets',
        `mapping sets with distinct ids ("${set.id}" is repeated)`,
      );
    }
    ids.add(set.id);
  }
  for (const [what, n] of seen) {
    if (n > WARNINGS_IN_FULL) warnings.push(`${file}: ${n - WARNINGS_IN_FULL} more of the same: ${what}`);
  }
  return { catalog: built?.catalog ?? null, mappingSets, warnings };
}

/** How many nodes with the same quirk and value are named one by one. */
const WARNINGS_IN_FULL = 3;

/** What a library holds besides frameworks and mapping sets, e.g. "reference controls (12)". */
function otherObjects(raw: unknown): string[] {
  const objects = (raw as { objects?: unknown } | null)?.objects;
  if (typeof objects !== 'object' || objects === null || Array.isArray(objects)) return [];
  const names: Record<string, string> = {
    reference_controls: 'reference controls',
    threats: 'threats',
    risk_matrix: 'a risk matrix',
    risk_matrices: 'risk matrices',
    preset: 'a preset',
    presets: 'presets',
  };
  return Object.entries(objects as Record<string, unknown>).flatMap(([key, value]) => {
    if (['framework', 'requirement_mapping_set', 'requirement_mapping_sets'].includes(key)) return [];
    const label = names[key] ?? key.replace(/_/g, ' ');
    return [Array.isArray(value) ? `${label} (${value.length})` : label];
  });
}

// -- where things are in the YAML text ----------------------------------------

/**
 * Line numbers for warnings and errors, found in the text itself: the line
 * that opens the node with a given urn, and a field or value after it.
 * Built on first use only (a clean file never needs it).
 */
class YamlLines {
  private lines: string[] | null = null;
  private byUrn: Map<string, number> | null = null;

  constructor(private readonly text: string) {}

  get source(): string {
    return this.text;
  }

  private doc: { doc: ReturnType<typeof parseDocument>; counter: LineCounter } | null = null;

  /** The exact line of a place in the document (parsed again with positions, on first use). */
  at(path: readonly (string | number)[]): number | null {
    if (!this.doc) {
      const counter = new LineCounter();
      this.doc = { doc: parseDocument(this.text, { schema: 'failsafe', lineCounter: counter }), counter };
    }
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return this.doc.counter.linePos(node.range[0]).line;
    }
    return null;
  }

  private index(): { lines: string[]; byUrn: Map<string, number> } {
    if (!this.lines || !this.byUrn) {
      this.lines = this.text.split(/\r?\n/);
      this.byUrn = new Map();
      this.lines.forEach((line, i) => {
        const m = /^\s*(?:-\s+)?(?:urn|source_requirement_urn):\s*['"]?([^'"\s#]+)/.exec(line);
        const urn = m?.[1]?.toLowerCase();
        if (urn && !this.byUrn?.has(urn)) this.byUrn?.set(urn, i);
      });
    }
    return { lines: this.lines, byUrn: this.byUrn };
  }

  /** 1-based line of the node (or mapping) whose urn is given. */
  urnLine(urn: string): number | null {
    const at = this.index().byUrn.get(urn.toLowerCase());
    return at === undefined ? null : at + 1;
  }

  /** 1-based line of `field:` at or after line `from` (1-based; 0 for the top), before the next list item at the same indent. */
  fieldLine(from: number, field: string): number | null {
    const { lines } = this.index();
    const start = Math.max(from - 1, 0);
    const indent = /^(\s*)/.exec(lines[start] ?? '')?.[1]?.length ?? 0;
    const pattern = new RegExp(`^\\s*(?:-\\s+)?['"]?${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?:`);
    for (let i = start; i < lines.length; i++) {
      const line = lines[i] as string;
      if (i > start && from > 0 && /^\s*-\s/.test(line) && (/^(\s*)/.exec(line)?.[1]?.length ?? 0) <= indent) break;
      if (pattern.test(line)) return i + 1;
    }
    return null;
  }

  /** The line of a list value under a field (`- SIlver`), else the field's line. */
  valueLine(fieldAt: number | null, value: string): number | null {
    if (fieldAt === null) return null;
    const { lines } = this.index();
    const quoted = [value, `'${value}'`, `"${value}"`];
    for (let i = fieldAt - 1; i < Math.min(lines.length, fieldAt + 200); i++) {
      const line = (lines[i] as string).trim();
      if (i >= fieldAt && !line.startsWith('-')) break;
      const item = line.replace(/^.*?-\s*/, '').trim();
      if (line.startsWith('-') && quoted.includes(item)) return i + 1;
      if (i === fieldAt - 1 && value !== '' && line.includes(value)) return i + 1;
    }
    return fieldAt;
  }

  /** The line of a place in the document (`objects.framework.requirement_nodes[3].name`), from the nearest node with a urn. */
  placeLine(raw: unknown, path: readonly PropertyKey[]): number | null {
    let node: unknown = raw;
    let line: number | null = null;
    let field: string | null = null;
    for (const key of path) {
      if (node === null || typeof node !== 'object') break;
      node = (node as Record<PropertyKey, unknown>)[key as string];
      const urn = (node as { urn?: unknown; source_requirement_urn?: unknown } | null | undefined) ?? null;
      const id = typeof urn === 'object' && urn !== null ? (urn.urn ?? urn.source_requirement_urn) : undefined;
      if (typeof id === 'string') {
        line = this.urnLine(id);
        field = null;
      } else if (typeof key === 'string') field = key;
    }
    if (line !== null && field !== null) return this.fieldLine(line, field) ?? line;
    if (line === null && typeof path[path.length - 1] === 'string') {
      return this.fieldLine(0, String(path[path.length - 1]));
    }
    return line;
  }
}

/** A zod problem at its line and place in the library, with the value found there. */
function located(error: z.ZodError, raw: unknown, lines: YamlLines, file: string): AppError {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  let value: unknown = raw;
  for (const key of path)
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
  const line = lines.at(path.filter((k): k is string | number => typeof k !== 'symbol')) ?? lines.placeLine(raw, path);
  const found =
    value === undefined
      ? ''
      : typeof value === 'string'
        ? ` (found ${JSON.stringify(value)})`
        : typeof value === 'object'
          ? ''
          : ` (found ${String(value)})`;
  const place = formatPath(path) || '(document)';
  return catalogError(
    file,
    `${line ? `line ${line}: ` : ''}${place}`,
    `${issue?.message ?? 'a valid library'}${found}`,
  );
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
    (v) => {
      const given = absent(typeof v === 'string' ? v.trim() : v);
      return typeof given === 'string' ? Number(given) : given;
    },
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
    text: OptText('the question text'),
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
        .array(z.object({ urn: OptText('a question urn'), text: OptText('the question text') }), {
          error: 'a list of questions',
        })
        .optional(),
    ),
  },
  { error: 'a question map (question_type, question_choices, questions)' },
);

/** Implementation groups as written: a list of text, or one text; normalised (with warnings) afterwards. */
const Groups = z.preprocess(
  (v) => (v === '~' || v === 'null' ? undefined : v),
  z
    .union([z.string(), z.array(z.union([z.string(), z.null()]), { error: 'a list of implementation group ids' })], {
      error: 'a list of implementation group ids',
    })
    .optional(),
);

const Node = z.object(
  {
    urn: Text('a node urn'),
    assessable: z.preprocess((v) => absent(v) ?? 'false', Bool('true or false')),
    display_mode: OptText('a display mode'),
    parent_urn: OptText('the urn of the parent node'),
    ref_id: OptText('a reference id (text)'),
    name: OptText('a name (text)'),
    description: OptText('a description (text)'),
    annotation: OptText('an annotation (text)'),
    typical_evidence: OptText('typical evidence (text)'),
    implementation_groups: Groups,
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
        relationship: z.preprocess(
          (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
          z.enum(RELATIONSHIP_VALUES, { error: `one of ${RELATIONSHIP_VALUES.join(', ')}` }),
        ),
        rationale: OptText('a rationale (text)'),
        strength_of_relationship: z.preprocess(absent, z.string({ error: 'a number from 0 to 10' }).optional()),
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

type Warn = (line: number | null, urn: string, what: string) => void;

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

/**
 * The standard's version read from the end of a framework's urn segment or
 * reference: a year, a dotted number (`_` read as `.`), or a number after
 * `v`, `version` or `rev`. Null when the name carries none.
 */
export function standardVersion(name: string): string | null {
  const tail = name.split(':').pop() ?? name;
  const revised = /(?:^|[-_\s])((?:19|20)\d\d)[-_\s](?:with[-_\s])?rev[-_\s]?((?:19|20)\d\d)$/i.exec(tail);
  if (revised) return `${revised[1] as string} (rev. ${revised[2] as string})`;
  const rev = /(?:^|[-_\s])(rev)[-_\s]?(\d+(?:[._]\d+)*)$/i.exec(tail);
  if (rev) return `rev${(rev[2] as string).replace(/_/g, '.')}`;
  const marked = /(?:^|[-_\s])(?:v|version)[-_\s]?(\d+(?:[._]\d+)*)$/i.exec(tail);
  if (marked) return (marked[1] as string).replace(/_/g, '.');
  const plain = /(?:^|([^-_\s]+)[-_\s])(\d+(?:[._]\d+)*)$/.exec(tail);
  if (!plain) return null;
  const value = (plain[2] as string).replace(/_/g, '.');
  // A short number after another number is part of a name (`nist-800-53`), not a version.
  const afterNumber = /^\d+$/.test(plain[1] ?? '');
  return /^(19|20)\d\d$/.test(value) || value.includes('.') || (/^\d{1,2}$/.test(value) && !afterNumber) ? value : null;
}

function isWithdrawn(node: Node): boolean {
  return /^\s*\[?\s*withdrawn\b/i.test(node.name ?? node.description ?? '');
}

/** Ids named after "incorporated into", "moved to" in a withdrawal note. */
function incorporatedInto(node: Node): string[] {
  const note = `${node.name ?? ''} ${node.description ?? ''}`;
  const m = /withdrawn[^\]]*?\b(?:into|to)\s+([^\]]+)/i.exec(note);
  if (!m) return [];
  return (m[1] as string)
    .split(/,|\band\b/)
    .map((s) => s.trim().replace(/[.\s]+$/, ''))
    .filter((s) => /^[A-Za-z0-9][\w.\-() ]*$/.test(s) && s.length <= 40);
}

function buildCatalog(
  library: Library,
  framework: Framework,
  file: string,
  options: CisoAssistantImportOptions,
  lines: YamlLines,
  warn: Warn,
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
  const key = (urn: string) => urn.trim().toLowerCase();
  const idByUrn = new Map<string, string>();
  const frameworkTail = (framework.urn.split(':').pop() ?? '').toLowerCase();
  const refOf = (node: Node) => node.ref_id?.replace(/\s+/g, '-');
  const refCount = new Map<string, number>();
  for (const node of nodes) {
    const ref = refOf(node);
    if (ref) refCount.set(ref, (refCount.get(ref) ?? 0) + 1);
  }
  const used = new Set<string>([...refCount].filter(([, n]) => n === 1).map(([ref]) => ref));
  const labels = new Map<string, string>();
  nodes.forEach((node, i) => {
    if (idByUrn.has(key(node.urn))) {
      throw catalogError(
        file,
        `line ${lines.at(['objects', 'framework', 'requirement_nodes', i, 'urn']) ?? '?'}: ${root}.requirement_nodes[${i}].urn`,
        `a urn not used before ("${node.urn}" is repeated)`,
      );
    }
    const ref = refOf(node);
    let id: string;
    if (ref && refCount.get(ref) === 1) id = ref;
    else {
      const marker = `:req_node:${frameworkTail}:`;
      const at = node.urn.toLowerCase().indexOf(marker);
      const last = (node.urn.split(':').pop() ?? node.urn).replace(/\s+/g, '-');
      const tail = (at >= 0 ? node.urn.slice(at + marker.length) : last).replace(/\s+/g, '-');
      const candidates = [...(ref ? [] : [last]), tail, node.urn.replace(/\s+/g, '-')];
      id = candidates.find((c) => c && !used.has(c)) ?? tail;
      for (let n = 2; used.has(id); n++) id = `${tail}~${n}`;
      used.add(id);
      if (ref && ref !== id) labels.set(id, node.ref_id as string);
    }
    idByUrn.set(key(node.urn), id);
  });

  const childrenOf = new Map<string | null, number[]>();
  nodes.forEach((node, i) => {
    const parent = node.parent_urn ? key(node.parent_urn) : null;
    if (parent !== null && !idByUrn.has(parent)) {
      throw catalogError(
        file,
        `line ${lines.at(['objects', 'framework', 'requirement_nodes', i, 'parent_urn']) ?? '?'}: ${root}.requirement_nodes[${i}].parent_urn`,
        `the urn of a node of this framework (there is no "${node.parent_urn}")`,
      );
    }
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), i]);
  });

  const levels = (framework.implementation_groups_definition ?? []).map((g, i) => {
    places.add(`levels[${i}]`, `${root}.implementation_groups_definition[${i}]`);
    return { id: g.ref_id.replace(/\s+/g, '-'), name: localized(g.name ?? g.ref_id, g.translations, 'name') };
  });
  const groups = implementationGroups(levels, lines, warn);
  const assessable = new Set<string>();
  const withdrawn = new Map<string, string[]>();
  const visiting = new Set<number>();
  const build = (i: number, built: string): RequirementInput => {
    const node = nodes[i] as Node;
    const place = `${root}.requirement_nodes[${i}]`;
    if (visiting.has(i)) {
      throw catalogError(
        file,
        `line ${lines.at(['objects', 'framework', 'requirement_nodes', i, 'parent_urn']) ?? '?'}: ${place}.parent_urn`,
        'a parent that is not its own descendant',
      );
    }
    visiting.add(i);
    const id = idByUrn.get(key(node.urn)) as string;
    places.add(built, place);
    places.add(`${built}.id`, `${place}.${node.ref_id ? 'ref_id' : 'urn'}`);
    places.add(`${built}.title`, `${place}.name`);
    places.add(`${built}.description`, `${place}.description`);
    places.add(`${built}.applicability`, `${place}.implementation_groups`);
    const gone = isWithdrawn(node);
    if (gone) withdrawn.set(id, incorporatedInto(node));
    if (node.assessable && !gone && node.display_mode?.toLowerCase() !== 'splash') assessable.add(id);
    const questions = gone
      ? []
      : translateQuestions(
          node,
          id,
          { built: `${built}.questions`, place, file, locale },
          places,
          localized,
          lines,
          warn,
        );
    const kids = (childrenOf.get(key(node.urn)) ?? []).map((k, n) => build(k, `${built}.children[${n}]`));
    visiting.delete(i);
    const applicability = groups(node);
    const title = node.name ?? shortTitle(node.description) ?? node.ref_id ?? id;
    return {
      id,
      title: node.name ? localized(node.name, node.translations, 'name') : title,
      ...(node.description ? { description: localized(node.description, node.translations, 'description') } : {}),
      ...(applicability ? { applicability } : {}),
      ...(gone ? { withdrawn: true } : {}),
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
  const revision = library.version ?? null;
  const input: CatalogInput = {
    id: options.id ?? idFromUrn(framework.urn),
    version: standardVersion(framework.urn) ?? revision ?? '1',
    name: localized(framework.name ?? library.name ?? idFromUrn(framework.urn), framework.translations, 'name'),
    ...(library.provider ? { publisher: library.provider } : {}),
    source: library.urn,
    ...(framework.description
      ? { description: localized(framework.description, framework.translations, 'description') }
      : {}),
    ...(groups.levels().length > 0 ? { levels: groups.levels() } : {}),
    requirements,
  };
  input.languages = [...languages];
  const nameless = new Set(nodes.filter((n) => !n.name).map((n) => idByUrn.get(key(n.urn)) as string));
  const urnById = new Map(nodes.map((n) => [idByUrn.get(key(n.urn)) as string, n.urn.trim()]));
  const catalog = withDefaultQuestionsWhere(finishCatalog(input, file, places), (r) => assessable.has(r.id));
  const finish = (r: Requirement): Requirement => {
    const label = labels.get(r.id);
    const into = withdrawn.get(r.id);
    let questions = r.questions;
    if (nameless.has(r.id) && assessable.has(r.id) && r.questions.length === 1 && r.questions[0]?.type === 'yes_no') {
      questions = [
        { ...(r.questions[0] as Requirement['questions'][number]), text: questionFromDescription(r, locale) },
      ];
    }
    return {
      ...r,
      questions,
      ...(urnById.has(r.id) ? { urn: urnById.get(r.id) } : {}),
      ...(label ? { label } : {}),
      ...(into && into.length > 0 ? { incorporatedInto: into } : {}),
      children: r.children.map(finish),
    };
  };
  return {
    catalog: { ...catalog, revision, requirements: catalog.requirements.map(finish) },
    frameworkUrn: framework.urn,
    idByUrn,
  };
}

/** The default question of a node without a name: on its description, never on its id. */
function questionFromDescription(r: Requirement, lang: string): Record<string, string> {
  const text =
    r.description?.[lang] ?? Object.values(r.description ?? {})[0] ?? r.title[lang] ?? Object.values(r.title)[0] ?? '';
  const statement =
    text
      .split('\n')[0]
      ?.trim()
      .replace(/[.:;]+$/, '') ?? '';
  if (lang === 'es') return { es: `¿Está implantado lo siguiente? «${statement}»` };
  if (lang === 'fr') return { fr: `Ceci est-il mis en œuvre ? « ${statement} »` };
  return { [lang]: `Is this implemented? "${statement}"` };
}

/**
 * Implementation groups as our applicability: the declared groups, values
 * split, folded and checked, and undeclared ones added as levels (each
 * change with a warning).
 */
function implementationGroups(
  declared: { id: string; name: string | Record<string, string> }[],
  lines: YamlLines,
  warn: Warn,
): ((node: Node) => string[] | undefined) & { levels: () => { id: string; name: string | Record<string, string> }[] } {
  const levels = [...declared];
  const byLower = new Map(declared.map((l) => [l.id.toLowerCase(), l.id]));
  const groups = (node: Node): string[] | undefined => {
    const raw = node.implementation_groups;
    if (raw === undefined) return undefined;
    const list = typeof raw === 'string' ? [raw] : raw;
    const nodeLine = lines.urnLine(node.urn) ?? 0;
    const fieldAt = lines.fieldLine(nodeLine, 'implementation_groups');
    const out: string[] = [];
    for (const value of list) {
      const text = value ?? '';
      const parts = text.split(/[;,]/);
      if (parts.length > 1) {
        warn(
          lines.valueLine(fieldAt, text),
          node.urn,
          `implementation group "${text}" holds several groups; read as ${parts.map((p) => `"${p.trim()}"`).join(', ')}`,
        );
      }
      for (const part of parts) {
        const id = part.trim().replace(/\s+/g, '-');
        if (!id) {
          warn(lines.valueLine(fieldAt, text), node.urn, `empty implementation group "${text}" dropped`);
          continue;
        }
        let level = byLower.get(id.toLowerCase());
        if (level === undefined) {
          warn(
            lines.valueLine(fieldAt, text),
            node.urn,
            `implementation group "${part.trim()}" is not declared in implementation_groups_definition; added as a level`,
          );
          levels.push({ id, name: id });
          byLower.set(id.toLowerCase(), id);
          level = id;
        } else if (level !== id) {
          warn(
            lines.valueLine(fieldAt, text),
            node.urn,
            `implementation group "${id}" read as the declared "${level}"`,
          );
        }
        if (!out.includes(level)) out.push(level);
      }
    }
    return out.length > 0 ? out : undefined;
  };
  return Object.assign(groups, { levels: () => levels });
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

/** A question's text in a translation: `translations.<lang>.questions.<urn>.text`. */
function translatedQuestionText(node: Node, urn: string | undefined, n: number): { lang: string; text: string } | null {
  for (const [lang, fields] of Object.entries(node.translations ?? {})) {
    const questions = fields?.questions;
    let entry: unknown;
    if (Array.isArray(questions)) entry = questions[n];
    else if (questions && typeof questions === 'object') {
      const map = questions as Record<string, unknown>;
      entry = urn ? (map[urn] ?? map[urn.toLowerCase()]) : undefined;
    }
    const text = typeof entry === 'string' ? entry : (entry as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string' && text.trim()) return { lang, text: text.trim() };
  }
  return null;
}

function translateQuestions(
  node: Node,
  id: string,
  at: { readonly built: string; readonly place: string; readonly file: string; readonly locale: string },
  places: SourcePlaces,
  localized: Localize,
  lines: YamlLines,
  warn: Warn,
): z.input<typeof QuestionInput>[] {
  const source: {
    urn: string | undefined;
    type: string;
    typePlace: string;
    text: string | undefined;
    choices: Choice[];
    place: string;
  }[] = [];
  for (const [urn, q] of Object.entries(node.questions ?? {})) {
    const place = `${at.place}.questions[${JSON.stringify(urn)}]`;
    source.push({ urn, type: q.type, typePlace: `${place}.type`, text: q.text, choices: q.choices ?? [], place });
  }
  if (node.question) {
    const legacy = node.question;
    const choices = (legacy.question_choices ?? []).map((c): Choice => (typeof c === 'string' ? { value: c } : c));
    (legacy.questions ?? []).forEach((q, n) =>
      source.push({
        urn: q.urn,
        type: legacy.question_type,
        typePlace: `${at.place}.question.question_type`,
        text: q.text,
        choices,
        place: `${at.place}.question.questions[${n}]`,
      }),
    );
  }
  const nodeLine = lines.urnLine(node.urn) ?? 0;
  return source.map((q, n) => {
    places.add(`${at.built}[${n}]`, q.place);
    const kind = q.type.trim().toLowerCase();
    const choiceType =
      kind === 'unique_choice' ? 'single_choice' : kind === 'multiple_choice' ? 'multiple_choice' : null;
    const questionLine = (q.urn ? lines.fieldLine(nodeLine, q.urn) : null) ?? nodeLine;
    if (!choiceType && kind !== 'text' && kind !== 'date') {
      throw catalogError(
        at.file,
        `line ${lines.fieldLine(questionLine, 'type') ?? questionLine}: ${q.typePlace}`,
        `unique_choice, multiple_choice, text or date, not "${q.type}"`,
      );
    }
    let text: string | Record<string, string>;
    if (q.text) text = q.text;
    else {
      const translated = translatedQuestionText(node, q.urn, n);
      const textLine = lines.fieldLine(questionLine, 'text') ?? questionLine;
      if (translated) {
        text = translated.lang === at.locale ? translated.text : { [translated.lang]: translated.text };
        warn(
          textLine,
          q.urn ?? node.urn,
          `question text is blank in "${at.locale}"; taken from its "${translated.lang}" translation`,
        );
      } else {
        const basis = node.description ?? node.name;
        if (!basis) {
          throw catalogError(
            at.file,
            `line ${textLine}: ${q.place}.text`,
            'the question text (blank here, with no translation, on a node without description or name)',
          );
        }
        text = (basis.split('\n')[0] ?? basis).trim();
        warn(
          textLine,
          q.urn ?? node.urn,
          `question text is blank and has no translation; written from the node's ${node.description ? 'description' : 'name'}`,
        );
      }
    }
    const base = {
      id: `${id}.Q${n + 1}`,
      text,
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
  lines: YamlLines,
  warn: Warn,
): MappingSet[] {
  const source = idFromUrn(set.source_framework_urn);
  const target = idFromUrn(set.target_framework_urn);
  const resolver = (frameworkUrn: string, frameworkId: string) => {
    const marker = `:req_node:${(frameworkUrn.split(':').pop() ?? '').toLowerCase()}:`;
    const tail = (urn: string) => {
      const at = urn.toLowerCase().indexOf(marker);
      return (at >= 0 ? urn.slice(at + marker.length) : lastSegment(urn)).replace(/\s+/g, '-');
    };
    if (built && built.frameworkUrn.toLowerCase() === frameworkUrn.toLowerCase())
      return (urn: string) => built.idByUrn.get(urn.trim().toLowerCase()) ?? tail(urn);
    // Every known version of that framework: by urn first (a library imported before keeps its urns), then by id.
    const catalogs = known.filter((c) => c.id === frameworkId);
    if (catalogs.length === 0) return tail;
    const byUrn = new Map<string, string>();
    const byLower = new Map<string, string>();
    const index = (rs: Catalog['requirements']) =>
      rs.forEach((r) => {
        if (r.urn && !byUrn.has(r.urn.toLowerCase())) byUrn.set(r.urn.toLowerCase(), r.id);
        if (!byLower.has(r.id.toLowerCase())) byLower.set(r.id.toLowerCase(), r.id);
        if (!byLower.has(r.id.toLowerCase().replace(/\s+/g, '-')))
          byLower.set(r.id.toLowerCase().replace(/\s+/g, '-'), r.id);
        index(r.children);
      });
    catalogs.forEach((c) => index(c.requirements));
    return (urn: string) =>
      byUrn.get(urn.trim().toLowerCase()) ??
      byLower.get(tail(urn).toLowerCase()) ??
      byLower.get(lastSegment(urn).toLowerCase()) ??
      tail(urn);
  };
  const sourceId = resolver(set.source_framework_urn, source);
  const targetId = resolver(set.target_framework_urn, target);
  const kept = set.requirement_mappings.map((m, i) => ({ m, i })).filter(({ m }) => m.relationship !== 'not_related');
  if (kept.length === 0) return [];
  const mappingLine = (m: MappingSetSource['requirement_mappings'][number]) => {
    const start = lines.urnLine(m.source_requirement_urn);
    return start === null ? null : lines.fieldLine(start, 'strength_of_relationship');
  };
  const strengthOf = (m: MappingSetSource['requirement_mappings'][number]): number | undefined => {
    const given = m.strength_of_relationship?.trim();
    if (given === undefined || given === '') return undefined;
    const value = Number(given);
    const who = `${m.source_requirement_urn} -> ${m.target_requirement_urn}`;
    if (!Number.isFinite(value)) {
      warn(mappingLine(m), who, `strength_of_relationship "${given}" is not a number; dropped`);
      return undefined;
    }
    if (value < 0 || value > 10) {
      const clamped = Math.min(Math.max(value, 0), 10);
      warn(mappingLine(m), who, `strength_of_relationship ${given} is outside 0-10; read as ${clamped}`);
      return clamped;
    }
    return value;
  };
  const input: MappingSetInput = {
    id: idFromUrn(set.ref_id ?? set.urn),
    ...(set.name ? { name: set.name } : {}),
    source: { framework: source, ...versionOf(set.source_framework_urn) },
    target: { framework: target, ...versionOf(set.target_framework_urn) },
    ...(library.provider || library.packager ? { author: (library.provider ?? library.packager) as string } : {}),
    ...(set.description ? { description: set.description } : {}),
    mappings: kept.map(({ m }) => {
      const value = strengthOf(m);
      const strength = value !== undefined ? `(strength ${value})` : '';
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

function versionOf(frameworkUrn: string): { version?: string } {
  const version = standardVersion(frameworkUrn);
  return version ? { version } : {};
}

function lastSegment(urn: string): string {
  return (urn.split(':').pop() ?? urn).replace(/\s+/g, '-');
}
