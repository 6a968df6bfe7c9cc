import type { Column } from '../../../../../cli/output.js';
import type { DueDto } from '../../../application/training.queries.js';

export const title = (t: Readonly<Record<string, string>>, lang = 'en') => t[lang] ?? t.en ?? Object.values(t)[0] ?? '';

export const DUE_FIELDS = [
  'course',
  'email',
  'name',
  'role',
  'due',
  'requiredVersion',
  'status',
  'completed',
  'passed',
  'score',
  'completedAt',
  'overdue',
] as const;

export const DUE_COLUMNS: readonly Column<DueDto>[] = [
  { header: 'COURSE', value: (r) => r.course },
  { header: 'EMAIL', value: (r) => r.email },
  { header: 'DUE', value: (r) => r.due },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'SCORE', value: (r) => r.score ?? '', human: (r) => (r.score === null ? '-' : `${r.score}%`) },
  {
    header: 'COMPLETED',
    value: (r) => r.completedAt ?? '',
    human: (r) => (r.completedAt ? r.completedAt.slice(0, 10) : '-'),
  },
];
