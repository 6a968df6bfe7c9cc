import { defineErrors } from './errors.js';

/** Errors raised by the kernel itself. */
export const KERNEL_ERRORS = defineErrors({
  invalidInput: {
    code: 'INPUT.INVALID',
    kind: 'invalid-input',
    message: '{problem}',
    meaning: "a use case's input failed validation; the message names the field",
  },
});
