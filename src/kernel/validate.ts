import type * as z from 'zod';
import { AppError } from './app-error.js';

/** Parses use-case input, turning the first problem into one readable line. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new AppError('invalid-input', 'INPUT.INVALID', `${where}${issue?.message ?? 'invalid input'}`);
}
