import { defineErrors } from '../../kernel/errors.js';

/** Every error the audit context raises (see src/kernel/errors.ts). */
export const AUDIT_ERRORS = defineErrors({});
