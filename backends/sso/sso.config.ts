import { z } from 'zod';

/** Asymmetric JWS algorithms idgate can check. `none` and the HMAC family (HS*) are never accepted. */
export const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

const absoluteUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL without user or password');

const claimName = z.string().min(1).max(200);

const algorithm = z.string().superRefine((value, ctx) => {
  if (value.toLowerCase() === 'none' || /^HS\d+$/i.test(value)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${value}" is never allowed (only asymmetric signatures: ${SIGNING_ALGORITHMS.join(', ')})`,
    });
  } else if (!(SIGNING_ALGORITHMS as readonly string[]).includes(value)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `unknown algorithm "${value}" (known: ${SIGNING_ALGORITHMS.join(', ')})`,
    });
  }
});

export const ssoBackendConfigSchema = z
  .object({
    id: z.string(),
    kind: z.literal('sso'),
    displayName: z.string().min(1).max(150).optional(),
    /** The provider's issuer; its metadata is read from `<issuer>/.well-known/openid-configuration`. */
    issuer: absoluteUrl,
    clientId: z.string().min(1).max(255),
    /** Absent for a public client (PKCE alone). */
    clientSecret: z.string().min(1).optional(),
    /** How the client secret is sent to the token endpoint. */
    clientAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'must be a scope token'))
      .min(1)
      .default(['openid', 'profile', 'email'])
      .refine((s) => s.includes('openid'), 'must include "openid"'),
    /** idgate's callback as registered at the provider: `https://<idgate>/auth/sso/<id>/callback`. */
    redirectUrl: absoluteUrl,
    /** Where a login may return to: an exact URL, or a prefix when it ends with "/". */
    allowedReturnUrls: z
      .array(absoluteUrl.refine((v) => !v.includes('#'), 'must not have a fragment'))
      .min(1, 'needs at least one URL'),
    /** Sent as post_logout_redirect_uri with the provider's end-session URL (must be registered there). */
    postLogoutRedirectUrl: absoluteUrl.optional(),
    /** Which claim feeds which field. A dotted name (`realm_access.roles`) reaches into nested claims. */
    claims: z
      .object({
        name: claimName.default('preferred_username'),
        displayName: claimName.default('name'),
        email: claimName.default('email'),
        emailVerified: claimName.default('email_verified'),
        givenName: claimName.default('given_name'),
        familyName: claimName.default('family_name'),
        fullName: claimName.default('name'),
        /** null: groups are not taken from the provider. */
        groups: claimName.nullable().default('groups'),
      })
      .strict()
      .default({}),
    /** Audience(s) a provider access token must carry to be accepted as Bearer; absent: none are. */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Signature algorithms accepted on ID and access tokens. */
    algorithms: z
      .array(algorithm)
      .min(1)
      .default([...SIGNING_ALGORITHMS]),
    clockSkewSeconds: z.number().int().min(0).max(300).default(60),
    /** Time limit of every request to the provider (short: a request needing a silent provider answers within 5 s). */
    timeoutSeconds: z.number().positive().max(60).default(3),
    /** A token with an unknown key id makes idgate fetch the keys again, at most this often. */
    jwksMinRefreshSeconds: z.number().int().min(0).max(3600).default(30),
    /** Cached keys are refreshed in the background after this long (they stay in use until then). */
    jwksCacheSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86400)
      .default(600),
    /** How long a started login may take until its callback. */
    loginTimeoutSeconds: z.number().int().min(30).max(3600).default(600),
    /** Also read the userinfo endpoint at login (claims there complete the ID token's). */
    userinfo: z.boolean().default(true),
    /** Allow http:// for the provider (tests, a provider on a private network). Never in production. */
    allowInsecureHttp: z.boolean().default(false),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.allowInsecureHttp) return;
    const https = (value: string | undefined, path: (string | number)[]) => {
      if (value?.startsWith('http:')) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: 'must be https (set allowInsecureHttp: true only for tests)',
        });
      }
    };
    https(config.issuer, ['issuer']);
    https(config.redirectUrl, ['redirectUrl']);
    // Session tokens travel to return URLs: a page served over http would hand them to anyone on the way.
    config.allowedReturnUrls.forEach((url, i) => https(url, ['allowedReturnUrls', i]));
    https(config.postLogoutRedirectUrl, ['postLogoutRedirectUrl']);
  });

export type SsoBackendConfig = z.infer<typeof ssoBackendConfigSchema>;
