import { createHash, randomBytes } from 'node:crypto';

/** A new opaque token: 32 random bytes, base64url. Shown once, stored only as its hash. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a token. SHA-256 fits here: the token has 256 bits of entropy, nothing to guess. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Reads `Authorization: Bearer <token>`; null when absent, '' when present but malformed. A header
 * that carries no token at all (empty, or `Bearer ` alone, as the IDE's Headers tab starts out) counts
 * as absent: the caller is told that authentication is required, not that a token is bad.
 */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined || /^\s*(Bearer)?\s*$/i.test(header)) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
  return match ? match[1]! : '';
}
