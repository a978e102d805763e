import type { z } from 'zod';
import { LdapBackend, WritableLdapBackend } from './ldap/ldap.backend';
import { ldapBackendConfigSchema, ldapSettings } from './ldap/ldap.config';
import { LocalBackend, localBackendConfigSchema } from './local/local.backend';
import { SsoBackend } from './sso/sso.backend';
import { ssoBackendConfigSchema } from './sso/sso.config';
import type { IdentityBackend } from './types';

/** How one kind of backend is configured and built. */
export interface BackendFactory {
  /** The `kind` value in the config file. */
  readonly kind: string;
  /** Validates one backend entry of the config file (unknown keys refused). */
  readonly configSchema: z.ZodType<{ id: string; kind: string }>;
  /** Builds the backend from its validated entry. Must not do I/O: `init` does that. */
  create(config: { id: string; kind: string }): IdentityBackend;
}

const localFactory: BackendFactory = {
  kind: 'local',
  configSchema: localBackendConfigSchema,
  create: (config) => new LocalBackend(localBackendConfigSchema.parse(config)),
};

const ldapFactory: BackendFactory = {
  kind: 'ldap',
  configSchema: ldapBackendConfigSchema,
  create: (config) => {
    const settings = ldapSettings(ldapBackendConfigSchema.parse(config));
    return settings.readOnly ? new LdapBackend(settings) : new WritableLdapBackend(settings);
  },
};

const ssoFactory: BackendFactory = {
  kind: 'sso',
  configSchema: ssoBackendConfigSchema,
  create: (config) => new SsoBackend(ssoBackendConfigSchema.parse(config)),
};

const FACTORIES: ReadonlyMap<string, BackendFactory> = new Map(
  [localFactory, ldapFactory, ssoFactory].map((f) => [f.kind, f] as const),
);

/** The kinds this build knows, as written in the config file. */
export function backendKinds(): string[] {
  return [...FACTORIES.keys()];
}

export function getBackendFactory(kind: string): BackendFactory | undefined {
  return FACTORIES.get(kind);
}
