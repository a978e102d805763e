import type { AppConfig } from '../config';
import { nameKey } from '../domain/names';
import { COMMON_PASSWORDS } from './common-passwords';

const COMMON = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

/**
 * The most bytes (UTF-8) a password may have wherever one is given: checked before any hashing, so
 * that nobody can make the server hash megabytes. 1,024 bytes hold the longest password the policy
 * allows (1,024 characters of ASCII, 256 of any script).
 */
export const PASSWORD_MAX_BYTES = 1024;

/** The problem with a password's size, or null: for login and the old password, before any hashing. */
export function passwordSizeProblem(password: string): string | null {
  return Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES
    ? `must be at most ${PASSWORD_MAX_BYTES} bytes`
    : null;
}

/** Checks a new password against the configured policy; returns the problem or null. */
export function passwordProblem(
  policy: AppConfig['passwordPolicy'],
  password: string,
  name: string,
): string | null {
  const size = passwordSizeProblem(password);
  if (size) return size;
  if (password.length < policy.minLength) return `must be at least ${policy.minLength} characters`;
  if (password.length > policy.maxLength) return `must be at most ${policy.maxLength} characters`;
  if (policy.forbidName && nameKey(password) === nameKey(name)) return 'must not be the user name';
  if (policy.forbidCommon && COMMON.has(password.toLowerCase())) return 'is too common: choose another';
  return null;
}
