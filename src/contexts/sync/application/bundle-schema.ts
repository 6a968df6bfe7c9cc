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
});

/** The shape of a framework entry; the catalog itself is checked against the answers that use it. */
export const FrameworkEntrySchema = z.object({
  ref,
  key: z.string().min(1).max(200),
  version: z.string().min(1).max(100),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  origin: z.string().max(200),
  catalog: z
    .object({ id: z.string(), version: z.string(), requirements: z.array(z.unknown()), languages: z.array(z.string()) })
    .loose(),
});

/** Where a value fails a schema, in one line. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'malformed';
  return `${issue.path.length > 0 ? issue.path.join('.') : '(top)'}: ${issue.message}`;
}
