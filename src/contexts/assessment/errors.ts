import { defineErrors } from '../../kernel/errors.js';

/** Every error the assessment context raises (see src/kernel/errors.ts). */
export const ASSESSMENT_ERRORS = defineErrors({});
