import { defineErrors } from '../kernel/errors.js';

/** Errors of the command line itself: usage, configuration, input plumbing. */
export const CLI_ERRORS = defineErrors({});
