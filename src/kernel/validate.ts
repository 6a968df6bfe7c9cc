import type * as z from 'zod';
import { KERNEL_ERRORS } from './kernel-errors.js';

/** Parses use-case input, turning the first problem into one readable line. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw KERNEL_ERRORS.invalidInput({ problem: `${where}${issue?.message ?? 'invalid input'}` });
}
