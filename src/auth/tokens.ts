import { createHash, randomBytes } from 'node:crypto';

/** A new opaque token: 32 random bytes, base64url. Shown once, stored only as its hash. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a token. SHA-256 fits here: the token has 256 bits of entropy, nothing to guess. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Reads `Authorization: Bearer <token>`; null when absent, '' when present but malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
  return match ? match[1]! : '';
}
