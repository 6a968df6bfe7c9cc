import { AppError } from '../../../kernel/app-error.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'invalid-input',
      'AUTH.WEAK_PASSWORD',
      `password too short: at least ${MIN_PASSWORD_LENGTH} characters are required`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError(
      'invalid-input',
      'AUTH.PASSWORD_TOO_LONG',
      `password longer than ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (!EMAIL.test(normalized)) {
    throw new AppError('invalid-input', 'AUTH.BAD_EMAIL', `not an email address: ${email}`);
  }
  return normalized;
}
