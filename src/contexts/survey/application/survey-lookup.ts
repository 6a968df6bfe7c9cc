import type { SurveyRecord, SurveyRepository } from './ports.js';
import { SURVEY_ERRORS } from '../errors.js';

/** `key` (newest version) or `key@version`; the same answer for another organisation's survey. */
export async function findSurvey(repo: SurveyRepository, ref: string): Promise<SurveyRecord> {
  const [key, version] = ref.split('@') as [string, string | undefined];
  const versions = await repo.versions(key);
  const found = version === undefined ? versions[0] : versions.find((v) => String(v.version) === version);
  if (!found) throw SURVEY_ERRORS.notFound({ survey: ref });
  return found;
}

export const surveyRef = (s: SurveyRecord) => `${s.key}@${s.version}`;
