import * as z from 'zod';
import { ASSESSMENT_ERRORS } from '../errors.js';
import { formatPath } from './catalog-parse.js';

/**
 * Cross-framework mappings, read from the source's side: `subset` means the
 * source requirement covers only part of the target; `superset` means it covers
 * all of it and more.
 */
export const RELATIONSHIPS = ['equal', 'subset', 'superset', 'intersect'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

const FrameworkRef = z
  .object({
    framework: z.string().min(1, 'a framework id'),
    version: z.union([z.string(), z.number()]).transform(String).optional(),
  })
  .strict();

export const MappingSetInput = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a mapping set id of lowercase letters, digits, dots, dashes'),
    name: z.string().min(1).optional(),
    source: FrameworkRef,
    target: FrameworkRef,
    informative: z.boolean().optional(),
    author: z.string().optional(),
    description: z.string().optional(),
    mappings: z
      .array(
        z
          .object({
            source: z.string().min(1, 'a source requirement id'),
            target: z.string().min(1, 'a target requirement id'),
            relationship: z.enum(RELATIONSHIPS, { message: `one of ${RELATIONSHIPS.join(', ')}` }),
            rationale: z.string().optional(),
          })
          .strict(),
      )
      .min(1, 'at least one mapping'),
  })
  .strict();
export type MappingSetInput = z.input<typeof MappingSetInput>;

export interface Mapping {
  readonly source: string;
  readonly target: string;
  readonly relationship: Relationship;
  readonly rationale: string | null;
}

export interface MappingSet {
  readonly id: string;
  readonly name: string;
  readonly source: { readonly framework: string; readonly version: string | null };
  readonly target: { readonly framework: string; readonly version: string | null };
  readonly informative: boolean;
  readonly author: string | null;
  readonly description: string | null;
  readonly mappings: readonly Mapping[];
}

/** The frameworks a mapping set joins, without its mappings. */
export interface MappingSetEnds {
  readonly id: string;
  readonly source: { readonly framework: string };
  readonly target: { readonly framework: string };
}

/** Validates a mapping set in the file shape; errors name the file and the place in it. */
export function parseMappingSet(raw: unknown, file: string): MappingSet {
  const parsed = MappingSetInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ASSESSMENT_ERRORS.mappingInvalid({
      file,
      place: formatPath(issue?.path ?? []) || '(document)',
      expected: issue?.message ?? 'a mapping set',
    });
  }
  const m = parsed.data;
  return {
    id: m.id,
    name: m.name ?? m.id,
    source: { framework: m.source.framework, version: m.source.version ?? null },
    target: { framework: m.target.framework, version: m.target.version ?? null },
    informative: m.informative ?? true,
    author: m.author ?? null,
    description: m.description ?? null,
    mappings: m.mappings.map((x) => ({
      source: x.source,
      target: x.target,
      relationship: x.relationship,
      rationale: x.rationale ?? null,
    })),
  };
}
