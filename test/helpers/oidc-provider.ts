import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A signing key of the test provider, with its private half so that tests can sign tokens. */
export interface TestKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateJwk: JWK;
  publicJwk: JWK;
  privateKey: PrivateKey;
}

export async function newKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateJwk, publicJwk, privateKey };
}

/** A free TCP port on the loopback interface (there is a small race until it is used). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Accounts by subject: the claims each one has (mutable: tests change them between logins). */
  accounts: Map<string, Record<string, unknown>>;
  keys: TestKey[];
}

export interface TestProvider {
  issuer: string;
  port: number;
  accounts: Map<string, Record<string, unknown>>;
  /** The keys the provider serves on its jwks_uri (and signs ID tokens with: the first one). */
  keys: TestKey[];
  /** Stops serving (the port is then refused) until `start`. */
  stop(): Promise<void>;
  /** (Re)starts on the same port with the current `keys`; interactions in progress are forgotten. */
  start(): Promise<void>;
  /** An access token signed with `key` (default: the first key): iss, iat, exp (10 min), jti, then `claims` over them. */
  accessToken(claims: JWTPayload, options?: { key?: TestKey }): Promise<string>;
}

/**
 * A real OpenID provider (the oidc-provider package) on a free loopback port: one confidential
 * client, accounts with claims (groups included), and its development login and consent forms,
 * which accept any password for a known account.
 */
export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let server: Server | null = null;
  const provider: TestProvider = {
    issuer,
    port,
    accounts: options.accounts,
    keys: options.keys,
    async start() {
      const oidc = new Provider(issuer, {
        clients: [
          {
            client_id: options.clientId,
            client_secret: options.clientSecret,
            redirect_uris: options.redirectUris,
            post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: provider.keys.map((k) => k.privateJwk) } as never,
        claims: {
          openid: ['sub'],
          email: ['email', 'email_verified'],
          profile: ['preferred_username', 'name', 'given_name', 'family_name'],
          groups: ['groups'],
        },
        scopes: ['openid', 'email', 'profile', 'groups'],
        async findAccount(_ctx, sub) {
          const claims = options.accounts.get(sub);
          if (!claims) return undefined;
          return { accountId: sub, claims: async () => ({ ...claims, sub }) };
        },
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
        cookies: { keys: ['test-provider-cookie-key'] },
        ttl: {
          AccessToken: 600,
          AuthorizationCode: 60,
          IdToken: 600,
          Interaction: 600,
          Session: 600,
          Grant: 600,
        },
      });
      server = createHttpServer(oidc.callback());
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    async accessToken(claims, tokenOptions = {}) {
      const key = tokenOptions.key ?? provider.keys[0]!;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        iss: issuer,
        iat: now,
        exp: now + 600,
        jti: `jti-${randomUUID()}`,
        ...claims,
      })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey);
    },
  };
  await provider.start();
  return provider;
}

/** A JWT with any header and payload and a given signature part (for tokens that must be refused). */
export function rawJwt(header: object, payload: object, signature = ''): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(header)}.${part(payload)}.${signature}`;
}
