import * as z from 'zod';

const text = z.string().max(100_000);
const nullableText = text.nullable();
const ref = z.string().min(3).max(300);

/** The shape of `assessment.json` in a bundle: checked before anything is written. */
export const TransferSchema = z.object({
  assessment: z.object({
    id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    subject: z.string().min(1).max(300),
    scope: z.record(z.string(), z.unknown()),
    targetLevel: z.number().min(0).max(5),
    status: z.enum(['draft', 'in_progress', 'in_review', 'final']),
    cursor: nullableText,
    createdBy: text,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    sealedHash: nullableText,
    sealedAt: z.iso.datetime().nullable(),
    frameworks: z.array(ref).min(1).max(20),
  }),
  answers: z.array(
    z.object({
      framework: ref,
      question: z.string().min(1).max(300),
      value: z.union([z.string().max(100_000), z.number(), z.array(z.string().max(300)).max(1000)]),
      note: nullableText,
      answeredBy: text,
      answeredAt: z.iso.datetime(),
    }),
  ),
  evidence: z.array(
    z.object({
      id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
      framework: ref,
      question: z.string().min(1).max(300),
      kind: z.enum(['file', 'link']),
      name: z.string().min(1).max(1000),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
      size: z.number().int().min(0).nullable(),
      url: nullableText,
      addedBy: text,
      addedAt: z.iso.datetime(),
    }),
  ),
  findings: z.array(
    z.object({
      framework: ref,
      requirement: z.string().min(1).max(300),
      owner: nullableText,
      dueDate: nullableText,
      status: z.enum(['open', 'in_progress', 'resolved', 'accepted']),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
    }),
  ),
  applicability: z
    .array(
      z.object({
        framework: ref,
        requirement: z.string().min(1).max(300),
        applicable: z.boolean(),
        reasons: z.array(z.enum(['risk', 'legal', 'contract', 'business'])).max(4),
        justification: nullableText,
        decidedBy: text,
        decidedAt: z.iso.datetime(),
      }),
    )
    .default([]),
});

const localized = z.record(z.string().max(20), z.string().max(100_000));
const id = z.string().min(1).max(300);

const StoredQuestion = z.object({
  id,
  type: z.enum(['yes_no', 'maturity', 'single_choice', 'multiple_choice', 'number', 'text']),
  text: localized,
  guidance: localized.nullable(),
  evidence: localized.nullable(),
  weight: z.number().finite().min(0),
  when: z.object({ question: id, in: z.array(z.string().max(300)).max(1000) }).nullable(),
  choices: z
    .array(z.object({ id, label: localized, score: z.number().finite() }))
    .max(1000)
    .nullable(),
  levels: z.array(localized).max(20).nullable(),
  min: z.number().finite().nullable(),
  max: z.number().finite().nullable(),
  unit: localized.nullable(),
  target: z.number().finite().nullable(),
});

interface StoredRequirement {
  id: string;
  children: StoredRequirement[];
  [key: string]: unknown;
}

const StoredRequirement: z.ZodType<StoredRequirement> = z.lazy(() =>
  z
    .object({
      id,
      title: localized,
      description: localized.nullable(),
      weight: z.number().finite().min(0),
      applicability: z.array(z.string().max(100)).max(100).nullable(),
      dimensions: z.array(z.string().max(100)).max(100).nullable().optional(),
      optional: z.boolean().optional(),
      shortTitle: localized.nullable().optional(),
      recommendation: localized.nullable().optional(),
      withdrawn: z.boolean(),
      label: z.string().max(300).nullable().optional(),
      incorporatedInto: z.array(z.string().max(300)).max(1000).nullable().optional(),
      urn: z.string().max(1000).nullable().optional(),
      questions: z.array(StoredQuestion).max(1000),
      children: z.array(StoredRequirement).max(10_000),
    })
    .loose(),
);

/** A catalog as renfe stores it (what `framework show` reads), checked before it is installed. */
export const StoredCatalogSchema = z
  .object({
    id,
    version: z.string().min(1).max(100),
    revision: z.string().max(100).nullable().optional(),
    name: localized,
    publisher: z.string().max(1000).nullable(),
    source: z.string().max(10_000).nullable(),
    languages: z.array(z.string().max(20)).min(1).max(20),
    licenseNote: z.string().max(100_000).nullable(),
    description: localized.nullable(),
    levels: z.array(z.object({ id, name: localized }).strict()).max(100),
    dimensions: z
      .array(z.object({ id, name: localized }).strict())
      .max(100)
      .optional(),
    requirements: z.array(StoredRequirement).min(1).max(100_000),
  })
  .loose();

/** The shape of a framework entry: the catalog is checked to be one renfe can store. */
export const FrameworkEntrySchema = z.object({
  ref,
  key: z.string().min(1).max(200),
  version: z.string().min(1).max(100),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  origin: z.string().max(200),
  catalog: StoredCatalogSchema,
});

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);

/** The shape of `manifest.json`: checked once its hash matches, before any entry is read. */
export const ManifestSchema = z.object({
  format: z.literal('renfe-bundle'),
  formatVersion: z.number().int().min(1),
  tool: z.object({ name: z.string().max(100), version: z.string().max(100) }),
  organisation: z.object({ id: z.string().max(100), slug: z.string().max(200), name: z.string().max(300) }),
  assessment: z.object({
    id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    subject: z.string().max(300),
    status: z.string().max(40),
  }),
  frameworks: z
    .array(z.object({ ref, contentHash: sha, entry: z.string().regex(/^frameworks\/\d{1,4}\.json$/) }))
    .min(1)
    .max(20),
  createdBy: z.string().max(1000),
  createdAt: z.iso.datetime(),
  counts: z.object({ answers: count, evidence: count, findings: count, audit: count }).loose(),
  entries: z.array(z.object({ path: z.string().max(200), size: count, sha256: sha })).max(100_000),
});

/** The shape of `audit.json`: the assessment's audit entries where it was exported, oldest first. */
export const AuditEntriesSchema = z
  .array(
    z.object({
      seq: z.number().int().min(1),
      at: z.iso.datetime(),
      actor: z.object({ type: z.string().max(40), id: z.string().max(200).nullable(), label: z.string().max(1000) }),
      action: z.string().min(1).max(200),
      target: z.object({ type: z.string().min(1).max(100), id: z.string().max(400).nullable() }),
      details: z.record(z.string(), z.unknown()),
      hash: sha,
    }),
  )
  .max(1_000_000);

/** Text from a file or a parser, made safe for a one-line message: control characters and runs of space folded, cut short. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Where a value fails a schema, in one line. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'malformed';
  return oneLine(`${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top)'}: ${issue.message}`);
}
