import type { Principal } from '../../../kernel/principal.js';
import type { AssessmentDeps } from './ports.js';

/** Training as evidence for one requirement (`iso27001-2022:A.6.3`): the courses linked to it and their completion. */
export interface TrainingEvidenceView {
  readonly requirement: string;
  /** `phishing@1` */
  readonly courses: readonly string[];
  /** Person × course assignments of those courses. */
  readonly assigned: number;
  readonly completed: number;
  readonly passed: number;
  /** Percent, one decimal; null when nobody is assigned. */
  readonly completionRate: number | null;
  readonly passRate: number | null;
  readonly asOf: string;
  readonly lastCompletedAt: string | null;
}

/** What the assessment context reads of the training context. */
export type TrainingEvidenceReader = (
  principal: Principal,
  requirements: readonly string[],
) => Promise<readonly TrainingEvidenceView[]>;

export interface SuggestDeps extends AssessmentDeps {
  readonly training: TrainingEvidenceReader;
}
