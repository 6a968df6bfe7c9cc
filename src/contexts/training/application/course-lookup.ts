import type { Principal } from '../../../kernel/principal.js';
import { TRAINING_ERRORS } from '../errors.js';
import type { CourseRecord, TrainingRepository } from './ports.js';

/** `phishing` is the newest version, `phishing@2` that version. */
export async function findCourse(repo: TrainingRepository, ref: string): Promise<CourseRecord> {
  const match = /^(.+?)(?:@(\d+))?$/.exec(ref.trim());
  const key = match?.[1] ?? ref;
  const versions = await repo.versions(key);
  const found = match?.[2] ? versions.find((v) => v.version === Number(match[2])) : versions[0];
  if (!found) throw TRAINING_ERRORS.notFound({ course: ref });
  return found;
}

export const courseRef = (c: { key: string; version: number }) => `${c.key}@${c.version}`;

/** The person acting: courses are taken by users, never by API tokens. */
export function userIdOf(principal: Principal): string {
  if (principal.actor.type !== 'user') throw TRAINING_ERRORS.needsUser();
  return principal.actor.id;
}

export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** A calendar day as YYYY-MM-DD, or null when it is not one. */
export function parseDay(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : value;
}
