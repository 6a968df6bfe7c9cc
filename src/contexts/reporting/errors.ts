import { defineErrors } from '../../kernel/errors.js';

/** Every error the reporting context raises (see src/kernel/errors.ts). */
export const REPORTING_ERRORS = defineErrors({});
