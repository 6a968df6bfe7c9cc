import { createHash } from 'node:crypto';
import type * as z from 'zod';
import { isAppError } from '../../../../kernel/app-error.js';
import type { Catalog, CatalogInput, Requirement } from '../../domain/catalog.js';
import { catalogError, formatPath, parseCatalog, withDefaultQuestions } from '../../domain/catalog-parse.js';

/**
 * What every importer shares once it has turned a foreign file into our
 * `CatalogInput` shape: the same validation as `parseCatalog`, with any
 * problem reported at its place in the *imported* file, not in the
 * intermediate shape.
 */

/** Places in the built `CatalogInput` (e.g. `requirements[0].children[2]`) and where they came from in the source. */
export class SourcePlaces {
  private readonly places = new Map<string, { place: string; keepRest: boolean }>();

  /**
   * `keepRest`: append what follows the built path, for sources whose fields
   * have the same names as ours (`.title`, `.children[1]`).
   */
  add(built: string, source: string, keepRest = false): void {
    this.places.set(built, { place: source, keepRest });
  }

  translate(built: string): string {
    for (let end = built.length; end > 0; end = lastBoundary(built, end)) {
      const hit = this.places.get(built.slice(0, end));
      if (hit) return hit.keepRest ? hit.place + built.slice(end) : hit.place;
    }
    return built;
  }
}

function lastBoundary(path: string, end: number): number {
  const dot = path.lastIndexOf('.', end - 1);
  const bracket = path.lastIndexOf('[', end - 1);
  return Math.max(dot, bracket, 0);
}

/** `parseCatalog`, with its error places translated back into the source file. */
export function finishCatalog(input: CatalogInput, file: string, places: SourcePlaces): Catalog {
  try {
    return parseCatalog(input, file);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const rest = error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : null;
    const cut = rest?.indexOf(': expected ') ?? -1;
    if (rest === null || cut < 0) throw error;
    throw catalogError(file, places.translate(rest.slice(0, cut)), rest.slice(cut + ': expected '.length));
  }
}

/**
 * Like `withDefaultQuestions`, but for the requirements `wants` picks,
 * whether or not they have children (an OSCAL control with enhancements is
 * assessed itself). The question is the one `withDefaultQuestions` writes.
 */
export function withDefaultQuestionsWhere(catalog: Catalog, wants: (r: Requirement) => boolean): Catalog {
  const fill = (r: Requirement): Requirement => {
    const children = r.children.map(fill);
    if (r.questions.length > 0 || r.withdrawn || !wants(r)) return { ...r, children };
    const alone = withDefaultQuestions({ ...catalog, requirements: [{ ...r, children: [] }] }).requirements[0];
    return { ...r, children, questions: alone?.questions ?? [] };
  };
  return { ...catalog, requirements: catalog.requirements.map(fill) };
}

/**
 * A framework id from a title or name: lowercase letters, digits, dots and
 * dashes, at most 64 characters. A longer one is cut at a word boundary and
 * ends in 8 hex digits of the SHA-256 of the whole slug, so two long names
 * that share their first 55 characters still get different ids.
 */
export function frameworkSlug(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!slug) return fallback;
  if (slug.length <= 64) return slug;
  const hash = createHash('sha256').update(slug).digest('hex').slice(0, 8);
  const room = 64 - hash.length - 1;
  const cut = slug.slice(0, room + 1).lastIndexOf('-');
  return `${slug.slice(0, cut > 20 ? cut : room).replace(/[-.]+$/, '')}-${hash}`;
}

/** The first problem zod found in a source document, at its place in that document. */
export function sourceIssue(error: z.ZodError, file: string, prefix = ''): ReturnType<typeof catalogError> {
  const issue = error.issues[0];
  const path = formatPath(issue?.path ?? []);
  const place = prefix && path ? `${prefix}.${path}`.replace(/\.\[/g, '[') : prefix || path;
  return catalogError(file, place, issue ? describe(issue) : 'a valid document');
}

function describe(issue: z.core.$ZodIssue): string {
  const generic = /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message);
  if (generic) return `${article(generic[1] as string)} (found ${generic[2] === 'undefined' ? 'nothing' : generic[2]})`;
  return issue.message;
}

function article(kind: string): string {
  const names: Record<string, string> = {
    string: 'text',
    object: 'a map',
    array: 'a list',
    number: 'a number',
    boolean: 'true or false',
  };
  return names[kind] ?? kind;
}
