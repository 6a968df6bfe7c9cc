/** The fields of a finding, as `finding list` prints them under --json. */
export const FINDING_FIELDS = [
  'id',
  'assessment',
  'framework',
  'requirement',
  'title',
  'domain',
  'result',
  'score',
  'maturity',
  'gap',
  'severity',
  'severityScore',
  'recommendation',
  'shortfalls',
  'unanswered',
  'owner',
  'due',
  'status',
] as const;

/** The finding statuses `finding update --status` accepts. */
export const FINDING_STATUS_HELP = 'open, in_progress, resolved or accepted';
