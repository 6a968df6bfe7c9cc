import * as z from 'zod';
import type { Catalog, CatalogInput, Requirement, RequirementInput } from '../../domain/catalog.js';
import { catalogError } from '../../domain/catalog-parse.js';
import {
  finishCatalog,
  frameworkSlug,
  SourcePlaces,
  sourceIssue,
  withDefaultQuestionsWhere,
} from './catalog-assembly.js';
import { parseJsonOrYamlText } from './source-text.js';

/**
 * OSCAL catalogs (JSON, or YAML) into our catalog model.
 *
 * - Groups (nested groups too) become requirement nodes; a group without an
 *   id gets one from its title.
 * - Controls and their enhancements (controls inside controls) become
 *   requirements, enhancements as children of their control. Requirement
 *   ids are the control ids exactly as written (`ac-1`, `ac-2.1`): not
 *   upper-cased, so they match profiles and other OSCAL documents.
 * - The title is the control title; the description is the prose of the
 *   `statement` part and its nested `item` parts, each line led by its
 *   label, rendered as NIST renders it: `{{ insert: param, id }}` replaced
 *   by the parameter's values, else `[Selection: a; b]` (`Selection (one or
 *   more)` for one-or-more), else `[Assignment: label]` (a NIST
 *   organization-defined parameter, id `…_odp…` or labelled for SP 800-53A,
 *   reads `[Assignment: organization-defined label]`), else
 *   `[Assignment: id]`; Markdown links (`[AU-12](#au-12)`) read as their
 *   text.
 * - A control with the property `status: withdrawn` is kept, marked
 *   withdrawn, with the controls its `incorporated-into` and `moved-to`
 *   links name.
 * - Every control that is not withdrawn gets the default yes/no question of
 *   `withDefaultQuestions` (including controls that have enhancements);
 *   its guidance is the control's `guidance` part when it has one, else the
 *   statement. Groups get none.
 * - Framework id: `options.id`, else a slug of `metadata.title`, ending in
 *   `-resolved` for a profile's resolved catalog (metadata with a
 *   `source-profile` link or a `resolution-tool` property), so that it never
 *   takes the id of the profile it was resolved from; version is
 *   `metadata.version`; source is `urn:uuid:<catalog uuid>`.
 */

export interface OscalImportOptions {
  /** The framework id to use instead of one derived from the title. */
  readonly id?: string | undefined;
}

export function importOscalCatalog(text: string, file: string, options: OscalImportOptions = {}): Catalog {
  return importOscalCatalogDocument(parseJsonOrYamlText(text, file), file, options);
}

/** The same, from the parsed document. */
export function importOscalCatalogDocument(doc: unknown, file: string, options: OscalImportOptions = {}): Catalog {
  return convertOscalCatalog(readOscalCatalog(doc, file), file, options);
}

// -- the parts of an OSCAL catalog we read ------------------------------------

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const Token = (what: string) => z.string({ error: what }).regex(TOKEN, what);
const Line = (what: string) => z.string({ error: what }).trim().min(1, what);

export const OscalProp = z.object({
  name: Token('a property name (a token)'),
  value: z.string({ error: 'a property value (text)' }),
  ns: z.string({ error: 'a namespace URI' }).optional(),
  class: z.string({ error: 'a class (a token)' }).optional(),
});
export type OscalProp = z.infer<typeof OscalProp>;

export const OscalSelect = z.object({
  'how-many': z.enum(['one', 'one-or-more'], { error: 'one or one-or-more' }).optional(),
  choice: z.array(z.string({ error: 'a choice (text)' }), { error: 'a list of choices' }).optional(),
});

export const OscalParam = z.object({
  id: Token('a parameter id (a token such as ac-1_prm_1)'),
  label: z.string({ error: 'a label (text)' }).optional(),
  values: z.array(z.string({ error: 'a value (text)' }), { error: 'a list of values' }).optional(),
  select: OscalSelect.optional(),
  props: z.array(OscalProp, { error: 'a list of properties' }).optional(),
});
export type OscalParam = z.infer<typeof OscalParam>;

export interface OscalPart {
  id?: string | undefined;
  name: string;
  title?: string | undefined;
  prose?: string | undefined;
  props?: OscalProp[] | undefined;
  parts?: OscalPart[] | undefined;
}
export const OscalPart: z.ZodType<OscalPart> = z.lazy(() =>
  z.object({
    id: Token('a part id (a token)').optional(),
    name: Token('a part name (a token such as statement or item)'),
    title: z.string({ error: 'a title (text)' }).optional(),
    prose: z.string({ error: 'prose (text)' }).optional(),
    props: z.array(OscalProp, { error: 'a list of properties' }).optional(),
    parts: z.array(OscalPart, { error: 'a list of parts' }).optional(),
  }),
);

export const OscalLink = z.object({
  href: z.string({ error: 'a link href (text)' }),
  rel: z.string({ error: 'a link relation (a token)' }).optional(),
});
export type OscalLink = z.infer<typeof OscalLink>;

export interface OscalControl {
  id: string;
  class?: string | undefined;
  title: string;
  params?: OscalParam[] | undefined;
  props?: OscalProp[] | undefined;
  links?: OscalLink[] | undefined;
  parts?: OscalPart[] | undefined;
  controls?: OscalControl[] | undefined;
}
export const OscalControl: z.ZodType<OscalControl> = z.lazy(() =>
  z.object({
    id: Token('a control id (a token such as ac-1)'),
    class: z.string({ error: 'a class (a token)' }).optional(),
    title: Line('a control title (text)'),
    params: z.array(OscalParam, { error: 'a list of parameters' }).optional(),
    props: z.array(OscalProp, { error: 'a list of properties' }).optional(),
    links: z.array(OscalLink, { error: 'a list of links' }).optional(),
    parts: z.array(OscalPart, { error: 'a list of parts' }).optional(),
    controls: z.array(OscalControl, { error: 'a list of controls' }).optional(),
  }),
);

export interface OscalGroup {
  id?: string | undefined;
  class?: string | undefined;
  title: string;
  params?: OscalParam[] | undefined;
  props?: OscalProp[] | undefined;
  parts?: OscalPart[] | undefined;
  groups?: OscalGroup[] | undefined;
  controls?: OscalControl[] | undefined;
}
export const OscalGroup: z.ZodType<OscalGroup> = z.lazy(() =>
  z.object({
    id: Token('a group id (a token such as ac)').optional(),
    class: z.string({ error: 'a class (a token)' }).optional(),
    title: Line('a group title (text)'),
    params: z.array(OscalParam, { error: 'a list of parameters' }).optional(),
    props: z.array(OscalProp, { error: 'a list of properties' }).optional(),
    parts: z.array(OscalPart, { error: 'a list of parts' }).optional(),
    groups: z.array(OscalGroup, { error: 'a list of groups' }).optional(),
    controls: z.array(OscalControl, { error: 'a list of controls' }).optional(),
  }),
);

export const OscalMetadata = z.object(
  {
    title: Line('a document title (text)'),
    version: z.union([Line('a document version (text)'), z.number().transform(String)], {
      error: 'a document version (text)',
    }),
    props: z.array(OscalProp, { error: 'a list of properties' }).optional(),
    links: z.array(OscalLink, { error: 'a list of links' }).optional(),
  },
  { error: 'a metadata map with title and version' },
);

export const OscalCatalogBody = z.object(
  {
    uuid: z.string({ error: 'a catalog uuid' }).regex(UUID, 'a catalog uuid (such as 3c9e7a20-...)'),
    metadata: OscalMetadata,
    params: z.array(OscalParam, { error: 'a list of parameters' }).optional(),
    controls: z.array(OscalControl, { error: 'a list of controls' }).optional(),
    groups: z.array(OscalGroup, { error: 'a list of groups' }).optional(),
  },
  { error: 'a catalog map with uuid, metadata, groups and controls' },
);
export type OscalCatalog = z.infer<typeof OscalCatalogBody>;

const OscalCatalogDocument = z.object(
  { catalog: OscalCatalogBody },
  { error: 'an OSCAL catalog document (a map with a "catalog" key)' },
);

/** Validates the parts of an OSCAL catalog we use; errors read `file: catalog.groups[3].controls[7].id: expected ...`. */
export function readOscalCatalog(doc: unknown, file: string): OscalCatalog {
  const parsed = OscalCatalogDocument.safeParse(doc);
  if (!parsed.success) throw sourceIssue(parsed.error, file);
  const catalog = parsed.data.catalog;
  checkUniqueIds(catalog, file);
  return catalog;
}

/** Control and group ids become requirement ids, so they must not repeat (OSCAL requires this too). */
function checkUniqueIds(catalog: OscalCatalog, file: string): void {
  const seen = new Set<string>();
  const check = (id: string | undefined, place: string) => {
    if (id === undefined) return;
    if (seen.has(id))
      throw catalogError(file, `${place}.id`, `an id not used before in the catalog ("${id}" is repeated)`);
    seen.add(id);
  };
  const controls = (list: readonly OscalControl[] | undefined, place: string) =>
    list?.forEach((c, i) => {
      check(c.id, `${place}.controls[${i}]`);
      controls(c.controls, `${place}.controls[${i}]`);
    });
  const groups = (list: readonly OscalGroup[] | undefined, place: string) =>
    list?.forEach((g, i) => {
      check(g.id, `${place}.groups[${i}]`);
      groups(g.groups, `${place}.groups[${i}]`);
      controls(g.controls, `${place}.groups[${i}]`);
    });
  groups(catalog.groups, 'catalog');
  controls(catalog.controls, 'catalog');
}

// -- conversion ---------------------------------------------------------------

export function isWithdrawn(control: OscalControl): boolean {
  return (control.props ?? []).some((p) => p.name === 'status' && p.value.trim().toLowerCase() === 'withdrawn');
}

/**
 * Converts a validated OSCAL catalog (read from a file, or resolved from a
 * profile). `root` names the catalog in error places (`catalog`, or
 * `resolved catalog` for a profile's result).
 */
export function convertOscalCatalog(
  catalog: OscalCatalog,
  file: string,
  options: OscalImportOptions = {},
  root = 'catalog',
): Catalog {
  if ((catalog.groups ?? []).length + (catalog.controls ?? []).length === 0) {
    throw catalogError(file, root, 'at least one group or control');
  }
  const params = collectParams(catalog);
  const places = new SourcePlaces();
  const controlIds = new Set<string>();
  const guidanceOf = new Map<string, string>();
  const intoOf = new Map<string, string[]>();
  const usedIds = new Set<string>();
  collectIds(catalog, usedIds);

  const control = (c: OscalControl, built: string, place: string): RequirementInput => {
    places.add(built, place, true);
    places.add(`${built}.description`, `${place}.parts`);
    controlIds.add(c.id);
    const description = statementProse(c, params);
    const guidance = guidanceProse(c, params);
    if (guidance) guidanceOf.set(c.id, guidance);
    if (isWithdrawn(c)) {
      const into = (c.links ?? [])
        .filter((l) => l.rel === 'incorporated-into' || l.rel === 'moved-to')
        .map((l) => l.href.replace(/^#/, ''))
        .filter(Boolean);
      if (into.length > 0) intoOf.set(c.id, into);
    }
    const kids = nodes([], c.controls ?? [], (k) => `${built}.children[${k}]`, place);
    return {
      id: c.id,
      title: c.title.trim(),
      ...(description ? { description } : {}),
      ...(isWithdrawn(c) ? { withdrawn: true } : {}),
      ...(kids.length > 0 ? { children: kids } : {}),
    };
  };
  const group = (g: OscalGroup, built: string, place: string): RequirementInput => {
    places.add(built, place, true);
    const kids = nodes(g.groups ?? [], g.controls ?? [], (k) => `${built}.children[${k}]`, place);
    return {
      id: g.id ?? uniqueId(frameworkSlug(g.title, 'group'), usedIds),
      title: g.title.trim(),
      ...(kids.length > 0 ? { children: kids } : {}),
    };
  };
  /** Groups first, then controls, as OSCAL orders them; `builtAt(k)` is the k-th node's path in our shape. */
  const nodes = (
    gs: readonly OscalGroup[],
    cs: readonly OscalControl[],
    builtAt: (k: number) => string,
    place: string,
  ): RequirementInput[] => [
    ...gs.map((g, i) => group(g, builtAt(i), `${place}.groups[${i}]`)),
    ...cs.map((c, i) => control(c, builtAt(gs.length + i), `${place}.controls[${i}]`)),
  ];

  const requirements = nodes(catalog.groups ?? [], catalog.controls ?? [], (k) => `requirements[${k}]`, root);
  places.add('id', options.id !== undefined ? 'the id option' : `${root}.metadata.title`);
  places.add('version', `${root}.metadata.version`);
  places.add('name', `${root}.metadata.title`);
  const input: CatalogInput = {
    id: options.id ?? catalogId(catalog),
    version: catalog.metadata.version,
    name: catalog.metadata.title.trim(),
    source: `urn:uuid:${catalog.uuid}`,
    requirements,
  };
  const parsed = withDefaultQuestionsWhere(finishCatalog(input, file, places), (r) => controlIds.has(r.id));
  const lang = parsed.languages[0] ?? 'en';
  const finish = (r: Requirement): Requirement => {
    const guidance = guidanceOf.get(r.id);
    const into = intoOf.get(r.id);
    return {
      ...r,
      ...(into ? { incorporatedInto: into } : {}),
      questions: guidance ? r.questions.map((q) => ({ ...q, guidance: { [lang]: guidance } })) : r.questions,
      children: r.children.map(finish),
    };
  };
  return { ...parsed, requirements: parsed.requirements.map(finish) };
}

/** A slug of the title; a resolved profile catalog's ends in `-resolved`, apart from its profile's. */
function catalogId(catalog: OscalCatalog): string {
  const meta = catalog.metadata;
  const resolved =
    (meta.links ?? []).some((l) => l.rel === 'source-profile') ||
    (meta.props ?? []).some((p) => p.name === 'resolution-tool');
  const base = frameworkSlug(meta.title, 'oscal-catalog');
  return resolved ? frameworkSlug(`${base}-resolved`, 'oscal-catalog') : base;
}

function collectIds(catalog: OscalCatalog, into: Set<string>): void {
  const controls = (list: readonly OscalControl[] | undefined) =>
    list?.forEach((c) => {
      into.add(c.id);
      controls(c.controls);
    });
  const groups = (list: readonly OscalGroup[] | undefined) =>
    list?.forEach((g) => {
      if (g.id) into.add(g.id);
      groups(g.groups);
      controls(g.controls);
    });
  groups(catalog.groups);
  controls(catalog.controls);
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** Every parameter of the catalog by id (OSCAL parameter ids are unique in a catalog). */
export function collectParams(catalog: OscalCatalog): Map<string, OscalParam> {
  const params = new Map<string, OscalParam>();
  const add = (list: readonly OscalParam[] | undefined) => list?.forEach((p) => params.set(p.id, p));
  const controls = (list: readonly OscalControl[] | undefined) =>
    list?.forEach((c) => {
      add(c.params);
      controls(c.controls);
    });
  const groups = (list: readonly OscalGroup[] | undefined) =>
    list?.forEach((g) => {
      add(g.params);
      groups(g.groups);
      controls(g.controls);
    });
  add(catalog.params);
  groups(catalog.groups);
  controls(catalog.controls);
  return params;
}

/** The statement's prose and its items, one line each, led by their labels, parameters filled in. */
export function statementProse(control: OscalControl, params: ReadonlyMap<string, OscalParam>): string | null {
  const lines: string[] = [];
  const walk = (part: OscalPart, depth: number) => {
    const label = part.props?.find((p) => p.name === 'label')?.value.trim();
    const own = [label, part.prose?.trim()].filter((s): s is string => Boolean(s)).join(' ');
    if (own) lines.push('  '.repeat(Math.max(depth - 1, 0)) + substituteParams(own, params));
    for (const sub of part.parts ?? []) if (sub.name === 'item' || sub.name === 'statement') walk(sub, depth + 1);
  };
  for (const part of control.parts ?? []) if (part.name === 'statement') walk(part, 0);
  const text = lines.join('\n').trim();
  return text || null;
}

/** The prose of the control's `guidance` part (and its sub-parts), parameters filled in, links as text. */
export function guidanceProse(control: OscalControl, params: ReadonlyMap<string, OscalParam>): string | null {
  const lines: string[] = [];
  const walk = (part: OscalPart) => {
    if (part.prose?.trim()) lines.push(substituteParams(part.prose.trim(), params));
    for (const sub of part.parts ?? []) walk(sub);
  };
  for (const part of control.parts ?? []) if (part.name === 'guidance') walk(part);
  const text = lines.join('\n\n').trim();
  return text || null;
}

const INSERT = /\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g;

/** `[AU-12](#au-12)` → `AU-12`: OSCAL prose is Markdown, our text is plain. */
const LINK = /\[([^\]]+)\]\((?:#[^)\s]*|[a-z][a-z0-9+.-]*:[^)\s]*)\)/gi;

export function substituteParams(text: string, params: ReadonlyMap<string, OscalParam>, depth = 0): string {
  return text.replace(LINK, '$1').replace(INSERT, (_, id: string) => renderParam(id, params, depth));
}

/** NIST's organization-defined parameters (SP 800-53 rev5 ODPs), whose labels NIST renders after "organization-defined". */
function isOrganizationDefined(param: OscalParam): boolean {
  return /_odp(\.|$)/.test(param.id) || (param.props ?? []).some((p) => p.name === 'label' && p.class === 'sp800-53a');
}

function renderParam(id: string, params: ReadonlyMap<string, OscalParam>, depth: number): string {
  const param = params.get(id);
  if (!param) return `[Assignment: ${id}]`;
  const nested = (s: string) => (depth < 5 ? substituteParams(s, params, depth + 1) : s);
  const values = (param.values ?? []).map((v) => v.trim()).filter(Boolean);
  if (values.length > 0) return values.map(nested).join(', ');
  const choices = (param.select?.choice ?? []).map((c) => nested(c.trim())).filter(Boolean);
  if (choices.length > 0) {
    const kind = param.select?.['how-many'] === 'one-or-more' ? 'Selection (one or more)' : 'Selection';
    return `[${kind}: ${choices.join('; ')}]`;
  }
  const label = param.label?.trim();
  if (!label) return `[Assignment: ${id}]`;
  const prefix = isOrganizationDefined(param) && !/^organization-defined\b/i.test(label) ? 'organization-defined ' : '';
  return `[Assignment: ${prefix}${nested(label)}]`;
}
