import type { AppConfig } from '../config';
import { COMMON_PASSWORDS } from './common-passwords';

const COMMON = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

/** Checks a new password against the configured policy; returns the problem or null. */
export function passwordProblem(
  policy: AppConfig['passwordPolicy'],
  password: string,
  name: string,
): string | null {
  if (password.length < policy.minLength) return `must be at least ${policy.minLength} characters`;
  if (password.length > policy.maxLength) return `must be at most ${policy.maxLength} characters`;
  if (policy.forbidName && password.toLowerCase() === name.toLowerCase()) return 'must not be the user name';
  if (policy.forbidCommon && COMMON.has(password.toLowerCase())) return 'is too common: choose another';
  return null;
}
