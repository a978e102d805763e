import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { RedirectLoginSecrets } from '../../../backends/capabilities';

/**
 * The small cryptography and parsing of single sign-on: hashes and comparisons of login state, the
 * secrets derived from it, the encryption of what an SSO session keeps, and return-URL checks.
 */

const RETURN_TO_MAX = 2048;

/** SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time equality of two hex strings (false for empty ones). */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * The nonce and PKCE verifier of a login, derived from its state with the row's salt: the table
 * holds neither, and the state alone (which travels in URLs) does not yield them either.
 */
export function deriveSecrets(state: string, salt: string): RedirectLoginSecrets {
  const mac = (label: string) =>
    createHmac('sha256', Buffer.from(salt, 'hex')).update(`${label}\0${state}`).digest('base64url');
  return { state, nonce: mac('nonce'), codeVerifier: mac('pkce') };
}

/** The key that encrypts what an SSO session keeps: derived from its token, which idgate does not store. */
export function sessionKey(token: string): Buffer {
  return createHmac('sha256', token).update('idgate sso session v1').digest();
}

/** AES-256-GCM of a text under `key`, as v1.iv.ciphertext.tag (base64url parts). */
export function seal(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The text `seal` made, or null when the key or the text does not fit. */
export function unseal(key: Buffer, sealed: string): string | null {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}

/**
 * A return URL on the backend's allow-list, or null. An entry matches exactly, or as a prefix when
 * it ends with "/" (same origin, path under it, after the URL parser has resolved any dot segments).
 * A URL with user info or a fragment is never allowed: the token goes into the fragment.
 */
export function allowedReturnUrl(raw: string, allowed: readonly string[]): string | null {
  if (raw.length > RETURN_TO_MAX) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.hash) {
    return null;
  }
  if (raw.includes('#')) return null;
  for (const entry of allowed) {
    const base = new URL(entry);
    if (base.origin !== url.origin) continue;
    // The stored form (percent-encoded) must fit too: it can be much longer than what was typed.
    if (url.href.length > RETURN_TO_MAX) return null;
    if (base.href === url.href) return url.href;
    if (base.pathname.endsWith('/') && !base.search && url.pathname.startsWith(base.pathname))
      return url.href;
  }
  return null;
}

/** Reads the `iss` of a JWT without trusting it: only to pick the backend that will check it. */
export function unverifiedIssuer(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload?.iss === 'string' ? payload.iss : null;
  } catch {
    return null;
  }
}

/** True for a token shaped like a JWT (three base64url parts); idgate's own tokens have no dots. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
