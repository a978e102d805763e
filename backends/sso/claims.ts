import type { ExternalIdentity } from '../capabilities';
import type { SsoBackendConfig } from './sso.config';

/** The external id type under which a user's OIDC subject is listed in `User.externalIds`. */
export const OIDC_SUB = 'oidc-sub';

const NAME_PATTERN = /^[\p{L}\p{N}._@+-]{1,100}$/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A claim by name; a dotted name that is not itself a claim reaches into nested objects. */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, name)) return claims[name];
  if (!name.includes('.')) return undefined;
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A printable string of at most `max` characters, trimmed; undefined for anything else. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > max || CONTROL.test(trimmed)) return undefined;
  return trimmed;
}

/** True when `name` can be a gateway user or group name. */
export function isGatewayName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/**
 * A provider's group as a gateway group name: a leading "/" (Keycloak's full group path) is dropped,
 * inner "/" become ".", runs of white space become "-". Null when the result is still not a valid
 * name (such groups are skipped and logged).
 */
export function groupName(raw: string): string | null {
  const name = raw.trim().replace(/^\/+/, '').replace(/\//g, '.').replace(/\s+/g, '-');
  return isGatewayName(name) ? name : null;
}

export interface MappedClaims {
  identity: ExternalIdentity;
  /** Group values from the claim that cannot be gateway group names. */
  skippedGroups: string[];
}

/**
 * Maps claims to the gateway's fields with the backend's claim configuration. The name falls back
 * to the subject when the name claim is absent or not a valid name; `complete` says whether absent
 * claims clear the mirror (see ExternalIdentity).
 */
export function mapClaims(
  claims: Record<string, unknown>,
  config: SsoBackendConfig['claims'],
  complete: boolean,
): MappedClaims {
  const sub = claims.sub as string;
  const identity: ExternalIdentity = {
    externalId: sub,
    externalIds: [{ type: OIDC_SUB, id: sub }],
    profile: {},
    complete,
  };
  const name = text(claimValue(claims, config.name), 100);
  if (name !== undefined && isGatewayName(name)) identity.name = name;
  else if (complete && isGatewayName(sub)) identity.name = sub;

  const displayName = text(claimValue(claims, config.displayName), 150);
  if (displayName !== undefined) identity.displayName = displayName;

  const emailRaw = claimValue(claims, config.email);
  if (emailRaw !== undefined) {
    const email = text(emailRaw, 254);
    identity.email = email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
  }
  const verified = claimValue(claims, config.emailVerified);
  // Some providers send "true"/"false" as strings.
  if (verified !== undefined) identity.emailVerified = verified === true || verified === 'true';

  const profile: [keyof ExternalIdentity['profile'], string, number][] = [
    ['firstName', config.givenName, 100],
    ['lastName', config.familyName, 100],
    ['fullName', config.fullName, 150],
  ];
  for (const [field, claim, max] of profile) {
    const raw = claimValue(claims, claim);
    if (raw !== undefined) identity.profile[field] = text(raw, max) ?? null;
  }

  const skippedGroups: string[] = [];
  if (config.groups !== null) {
    const raw = claimValue(claims, config.groups);
    if (raw !== undefined) {
      const values = Array.isArray(raw) ? raw : [raw];
      const seen = new Set<string>();
      identity.groups = [];
      for (const value of values) {
        if (typeof value !== 'string') continue;
        const mapped = groupName(value);
        if (!mapped) {
          skippedGroups.push(value.slice(0, 200));
          continue;
        }
        if (seen.has(mapped.toLowerCase())) continue;
        seen.add(mapped.toLowerCase());
        identity.groups.push({ name: mapped, displayName: text(value, 150) ?? mapped });
      }
    } else if (complete) {
      identity.groups = [];
    }
  }
  return { identity, skippedGroups };
}
