import { defineErrors } from '../../kernel/errors.js';

/** Every error the auth context raises (see src/kernel/errors.ts). */
export const AUTH_ERRORS = defineErrors({});
