import * as z from 'zod';
import type { Catalog } from '../../domain/catalog.js';
import { catalogError } from '../../domain/catalog-parse.js';
import { sourceIssue } from './catalog-assembly.js';
import {
  collectParams,
  convertOscalCatalog,
  type OscalCatalog,
  type OscalControl,
  type OscalGroup,
  OscalMetadata,
  type OscalParam,
  OscalSelect,
  readOscalCatalog,
} from './oscal-catalog.js';
import { parseJsonOrYamlText } from './source-text.js';

/**
 * OSCAL profile resolution, the common subset, into our catalog model:
 *
 * - `imports[].href`: a path (relative to the profile) or `#uuid` of a
 *   back-matter resource, whose `rlinks` hrefs are tried in turn (JSON first,
 *   then YAML, then the rest). Every href is handed to the caller's resolver,
 *   which returns the file's text (or an already parsed document). An import
 *   may itself be a profile; it is resolved first.
 * - `include-all`; `include-controls[]` with `with-ids`, `matching` (glob
 *   patterns with * and ?) and `with-child-controls: yes`;
 *   `exclude-controls[]` likewise. Exclusion wins. An id in `with-ids` that
 *   the catalog lacks is an error naming it.
 * - `merge`: `as-is` (also the default when there is no merge) keeps the
 *   catalog's groups, dropping groups left empty; `flat` lists the controls
 *   without groups. An enhancement selected without its control moves up
 *   to where the control was. The same control from two imports is kept
 *   once (the first), with the children of both. `custom` is refused.
 * - `modify.set-parameters`: `values`, `select` and `label` replace the
 *   parameter's, so the prose reads the profile's values. A `param-id`
 *   unknown to every imported catalog is an error. `alters` are ignored.
 * - The result: only the selected controls; framework id from the
 *   profile's title (or `options.id`), version from its `metadata.version`.
 */

export type ResolvedSource =
  { readonly text: string; readonly file: string } | { readonly document: unknown; readonly file: string };

export interface OscalSourceResolver {
  /** The document an import's href names, or null when there is none. */
  resolve(href: string): ResolvedSource | null;
}

export interface ProfileImportOptions {
  readonly id?: string | undefined;
}

export function resolveOscalProfile(
  profileText: string,
  file: string,
  catalogs: OscalSourceResolver,
  options: ProfileImportOptions = {},
): Catalog {
  return resolveOscalProfileDocument(parseJsonOrYamlText(profileText, file), file, catalogs, options);
}

/** The same, from the parsed profile document. */
export function resolveOscalProfileDocument(
  doc: unknown,
  file: string,
  catalogs: OscalSourceResolver,
  options: ProfileImportOptions = {},
): Catalog {
  const profile = readOscalProfile(doc, file);
  const resolved = resolveToOscal(profile, file, catalogs, [file]);
  return convertOscalCatalog(resolved, file, options, 'resolved catalog');
}

// -- the parts of a profile we read -------------------------------------------

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;
const Token = (what: string) => z.string({ error: what }).regex(TOKEN, what);

const SelectControls = z.object(
  {
    'with-child-controls': z.enum(['yes', 'no'], { error: 'yes or no' }).optional(),
    'with-ids': z.array(Token('a control id (a token such as ac-1)'), { error: 'a list of control ids' }).optional(),
    matching: z
      .array(z.object({ pattern: z.string({ error: 'a pattern such as ac-*' }).min(1, 'a pattern such as ac-*') }), {
        error: 'a list of patterns',
      })
      .optional(),
  },
  { error: 'a control selection (with-ids, matching)' },
);
type SelectControls = z.infer<typeof SelectControls>;

const Import = z
  .object(
    {
      href: z.string({ error: 'an href: the catalog path, or #uuid of a back-matter resource' }).min(1, 'an href'),
      'include-all': z.object({}, { error: 'an empty map' }).optional(),
      'include-controls': z.array(SelectControls, { error: 'a list of selections' }).optional(),
      'exclude-controls': z.array(SelectControls, { error: 'a list of selections' }).optional(),
    },
    { error: 'an import (href and include-all or include-controls)' },
  )
  .refine(
    (i) => i['include-all'] !== undefined || i['include-controls'] !== undefined,
    'include-all or include-controls',
  );
type Import = z.infer<typeof Import>;

const SetParameter = z.object({
  'param-id': Token('a parameter id (a token such as ac-1_prm_1)'),
  label: z.string({ error: 'a label (text)' }).optional(),
  values: z.array(z.string({ error: 'a value (text)' }), { error: 'a list of values' }).optional(),
  select: OscalSelect.optional(),
});
type SetParameter = z.infer<typeof SetParameter>;

const ProfileBody = z.object(
  {
    uuid: z.string({ error: 'a profile uuid' }).min(1, 'a profile uuid'),
    metadata: OscalMetadata,
    imports: z.array(Import, { error: 'a list of imports' }).min(1, 'at least one import'),
    merge: z
      .object(
        {
          'as-is': z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'true or false' }).optional(),
          flat: z.object({}, { error: 'an empty map' }).optional(),
          custom: z.unknown().optional(),
        },
        { error: 'a merge map (as-is or flat)' },
      )
      .optional(),
    modify: z
      .object(
        { 'set-parameters': z.array(SetParameter, { error: 'a list of parameter settings' }).optional() },
        { error: 'a modify map' },
      )
      .optional(),
    'back-matter': z
      .object({
        resources: z
          .array(
            z.object({
              uuid: z.string({ error: 'a resource uuid' }),
              rlinks: z
                .array(
                  z.object({
                    href: z.string({ error: 'an href' }),
                    'media-type': z.string({ error: 'a media type' }).optional(),
                  }),
                  { error: 'a list of resource links' },
                )
                .optional(),
            }),
            { error: 'a list of resources' },
          )
          .optional(),
      })
      .optional(),
  },
  { error: 'a profile map with uuid, metadata and imports' },
);
type OscalProfile = z.infer<typeof ProfileBody>;

const ProfileDocument = z.object(
  { profile: ProfileBody },
  { error: 'an OSCAL profile document (a map with a "profile" key)' },
);

function readOscalProfile(doc: unknown, file: string): OscalProfile {
  const parsed = ProfileDocument.safeParse(doc);
  if (!parsed.success) throw sourceIssue(parsed.error, file);
  return parsed.data.profile;
}

// -- resolution ---------------------------------------------------------------

interface Selected {
  readonly catalog: OscalCatalog;
  readonly keep: ReadonlySet<string>;
}

function resolveToOscal(
  profile: OscalProfile,
  file: string,
  resolver: OscalSourceResolver,
  chain: readonly string[],
): OscalCatalog {
  if (profile.merge?.custom !== undefined) {
    throw catalogError(file, 'profile.merge.custom', 'as-is or flat (custom grouping is not supported)');
  }
  const selections = profile.imports.map((imp, i): Selected => {
    const place = `profile.imports[${i}]`;
    const source = fetchImport(imp.href, profile, `${place}.href`, file, resolver);
    const catalog = readImported(source, resolver, chain, file, `${place}.href`);
    return { catalog, keep: selectIds(catalog, imp, place, file, source.file) };
  });
  if (selections.every((s) => s.keep.size === 0)) {
    throw catalogError(file, 'profile.imports', 'a selection of at least one control (these select none)');
  }
  const settings = parameterSettings(profile, selections, file);
  const asIs = profile.merge?.['as-is'];
  const flat = profile.merge?.flat !== undefined || asIs === false || asIs === 'false';
  const merged: { groups: OscalGroup[]; controls: OscalControl[]; params: OscalParam[] } = {
    groups: [],
    controls: [],
    params: [],
  };
  const seen = new Set<string>();
  for (const { catalog, keep } of selections) {
    const groups = pruneGroups(catalog.groups ?? [], keep, settings);
    const controls = pruneControls(catalog.controls ?? [], keep, settings);
    merged.params.push(...(catalog.params ?? []).map((p) => setParameter(p, settings)));
    if (flat) mergeControls(merged.controls, [...flattenGroups(groups), ...controls], seen);
    else {
      mergeGroups(merged.groups, groups, seen);
      mergeControls(merged.controls, controls, seen);
    }
  }
  return {
    uuid: profile.uuid,
    metadata: { title: profile.metadata.title, version: profile.metadata.version },
    ...(merged.params.length > 0 ? { params: merged.params } : {}),
    ...(merged.groups.length > 0 ? { groups: merged.groups } : {}),
    ...(merged.controls.length > 0 ? { controls: merged.controls } : {}),
  };
}

function fetchImport(
  href: string,
  profile: OscalProfile,
  place: string,
  file: string,
  resolver: OscalSourceResolver,
): ResolvedSource {
  if (!href.startsWith('#')) {
    const found = resolver.resolve(href);
    if (!found) throw catalogError(file, place, `a catalog that can be found (nothing at "${href}")`);
    return found;
  }
  const uuid = href.slice(1);
  const resource = profile['back-matter']?.resources?.find((r) => r.uuid === uuid);
  if (!resource) throw catalogError(file, place, `the uuid of a back-matter resource (there is no resource ${uuid})`);
  const rank = (l: { href: string; 'media-type'?: string | undefined }) => {
    const kind = `${l['media-type'] ?? ''} ${l.href}`.toLowerCase();
    return kind.includes('json') ? 0 : /ya?ml/.test(kind) ? 1 : 2;
  };
  const hrefs = [...(resource.rlinks ?? [])].sort((a, b) => rank(a) - rank(b)).map((l) => l.href);
  if (hrefs.length === 0)
    throw catalogError(file, place, `a back-matter resource with rlinks (resource ${uuid} has none)`);
  for (const candidate of hrefs) {
    const found = resolver.resolve(candidate);
    if (found) return found;
  }
  throw catalogError(file, place, `a catalog that can be found (tried ${hrefs.join(', ')})`);
}

function readImported(
  source: ResolvedSource,
  resolver: OscalSourceResolver,
  chain: readonly string[],
  file: string,
  place: string,
): OscalCatalog {
  const doc = 'text' in source ? parseJsonOrYamlText(source.text, source.file) : source.document;
  if (typeof doc === 'object' && doc !== null && 'profile' in doc) {
    if (chain.includes(source.file)) {
      throw catalogError(file, place, `no import cycle (${[...chain, source.file].join(' -> ')})`);
    }
    return resolveToOscal(readOscalProfile(doc, source.file), source.file, resolver, [...chain, source.file]);
  }
  return readOscalCatalog(doc, source.file);
}

function selectIds(catalog: OscalCatalog, imp: Import, place: string, file: string, catalogFile: string): Set<string> {
  const all = new Map<string, OscalControl>();
  const index = (list: readonly OscalControl[] | undefined) =>
    list?.forEach((c) => {
      all.set(c.id, c);
      index(c.controls);
    });
  const indexGroups = (list: readonly OscalGroup[] | undefined) =>
    list?.forEach((g) => {
      indexGroups(g.groups);
      index(g.controls);
    });
  indexGroups(catalog.groups);
  index(catalog.controls);

  const pick = (rules: readonly SelectControls[], key: string): Set<string> => {
    const out = new Set<string>();
    rules.forEach((rule, j) => {
      const add = (c: OscalControl) => {
        out.add(c.id);
        if (rule['with-child-controls'] === 'yes') (c.controls ?? []).forEach(add);
      };
      (rule['with-ids'] ?? []).forEach((id, k) => {
        const control = all.get(id);
        if (!control) {
          throw catalogError(
            file,
            `${place}.${key}[${j}].with-ids[${k}]`,
            `the id of a control in ${catalogFile} (there is no "${id}")`,
          );
        }
        add(control);
      });
      for (const { pattern } of rule.matching ?? []) {
        const re = glob(pattern);
        for (const control of all.values()) if (re.test(control.id)) add(control);
      }
    });
    return out;
  };
  const keep =
    imp['include-all'] !== undefined ? new Set(all.keys()) : pick(imp['include-controls'] ?? [], 'include-controls');
  for (const id of pick(imp['exclude-controls'] ?? [], 'exclude-controls')) keep.delete(id);
  return keep;
}

function glob(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function parameterSettings(
  profile: OscalProfile,
  selections: readonly Selected[],
  file: string,
): Map<string, SetParameter> {
  const known = new Set(selections.flatMap((s) => [...collectParams(s.catalog).keys()]));
  const settings = new Map<string, SetParameter>();
  (profile.modify?.['set-parameters'] ?? []).forEach((setting, i) => {
    if (!known.has(setting['param-id'])) {
      throw catalogError(
        file,
        `profile.modify.set-parameters[${i}].param-id`,
        `the id of a parameter in the imported catalogs (there is no "${setting['param-id']}")`,
      );
    }
    settings.set(setting['param-id'], setting);
  });
  return settings;
}

function setParameter(param: OscalParam, settings: ReadonlyMap<string, SetParameter>): OscalParam {
  const setting = settings.get(param.id);
  if (!setting) return param;
  return {
    ...param,
    ...(setting.label !== undefined ? { label: setting.label } : {}),
    ...(setting.values !== undefined ? { values: setting.values } : {}),
    ...(setting.select !== undefined ? { select: setting.select } : {}),
  };
}

/** The kept controls of `list`; the kept children of a dropped control take its place. */
function pruneControls(
  list: readonly OscalControl[],
  keep: ReadonlySet<string>,
  settings: ReadonlyMap<string, SetParameter>,
): OscalControl[] {
  return list.flatMap((c) => {
    const children = pruneControls(c.controls ?? [], keep, settings);
    if (!keep.has(c.id)) return children;
    return [{ ...c, params: c.params?.map((p) => setParameter(p, settings)), controls: children }];
  });
}

function pruneGroups(
  list: readonly OscalGroup[],
  keep: ReadonlySet<string>,
  settings: ReadonlyMap<string, SetParameter>,
): OscalGroup[] {
  return list.flatMap((g) => {
    const groups = pruneGroups(g.groups ?? [], keep, settings);
    const controls = pruneControls(g.controls ?? [], keep, settings);
    if (groups.length === 0 && controls.length === 0) return [];
    return [{ ...g, params: g.params?.map((p) => setParameter(p, settings)), groups, controls }];
  });
}

function flattenGroups(groups: readonly OscalGroup[]): OscalControl[] {
  return groups.flatMap((g) => [...flattenGroups(g.groups ?? []), ...(g.controls ?? [])]);
}

/** Adds `from` to `into`; a control already there gains the other's children, one already elsewhere is skipped (its new children are kept here). */
function mergeControls(into: OscalControl[], from: readonly OscalControl[], seen: Set<string>): void {
  for (const control of from) {
    const same = into.find((c) => c.id === control.id);
    if (same) mergeControls((same.controls ??= []), control.controls ?? [], seen);
    else if (seen.has(control.id)) mergeControls(into, control.controls ?? [], seen);
    else {
      seen.add(control.id);
      const copy: OscalControl = { ...control, controls: [] };
      into.push(copy);
      mergeControls(copy.controls as OscalControl[], control.controls ?? [], seen);
    }
  }
}

function mergeGroups(into: OscalGroup[], from: readonly OscalGroup[], seen: Set<string>): void {
  for (const group of from) {
    const key = (g: OscalGroup) => g.id ?? `title:${g.title}`;
    let same = into.find((g) => key(g) === key(group));
    if (!same) {
      same = { ...group, groups: [], controls: [] };
      into.push(same);
    }
    mergeGroups((same.groups ??= []), group.groups ?? [], seen);
    mergeControls((same.controls ??= []), group.controls ?? [], seen);
  }
}
