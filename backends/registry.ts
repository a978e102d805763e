import type { z } from 'zod';
import { LdapBackend } from './ldap/ldap.backend';
import { WritableLdapBackend } from './ldap/ldap-writable.backend';
import { ldapBackendConfigSchema, ldapSettings } from './ldap/ldap.config';
import { LocalBackend, localBackendConfigSchema } from './local/local.backend';
import { createSsoBackend } from './sso/sso-tokens.backend';
import { ssoBackendConfigSchema } from './sso/sso.config';
import type { BackendDependencies, IdentityBackend } from './types';

/** How one kind of backend is configured and built. */
export interface BackendFactory {
  /** The `kind` value in the config file. */
  readonly kind: string;
  /** Validates one backend entry of the config file (unknown keys refused). */
  readonly configSchema: z.ZodType<{ id: string; kind: string }>;
  /**
   * Builds the backend from its validated entry; `dependencies.log` is for work outside requests.
   * Must not do I/O: `init` does that.
   */
  create(config: { id: string; kind: string }, dependencies: BackendDependencies): IdentityBackend;
}

const localFactory: BackendFactory = {
  kind: 'local',
  configSchema: localBackendConfigSchema,
  create: (config) => new LocalBackend(localBackendConfigSchema.parse(config)),
};

const ldapFactory: BackendFactory = {
  kind: 'ldap',
  configSchema: ldapBackendConfigSchema,
  create: (config, dependencies) => {
    const settings = ldapSettings(ldapBackendConfigSchema.parse(config));
    return settings.readOnly
      ? new LdapBackend(settings, dependencies)
      : new WritableLdapBackend(settings, dependencies);
  },
};

const ssoFactory: BackendFactory = {
  kind: 'sso',
  configSchema: ssoBackendConfigSchema,
  create: (config, dependencies) => createSsoBackend(ssoBackendConfigSchema.parse(config), dependencies),
};

/**
 * The backend kinds a server knows, by their `kind` in the config file. The built-in ones come from
 * {@link defaultRegistry}; a new backend is a folder under backends/ and one line there. `with` makes
 * a registry with one more kind (tests use it for backends of their own), without changing this one.
 */
export class BackendRegistry {
  private readonly factories: ReadonlyMap<string, BackendFactory>;

  constructor(factories: readonly BackendFactory[]) {
    this.factories = new Map(factories.map((f) => [f.kind, f] as const));
  }

  /** The kinds this registry knows, as written in the config file. */
  kinds(): string[] {
    return [...this.factories.keys()];
  }

  get(kind: string): BackendFactory | undefined {
    return this.factories.get(kind);
  }

  /** A registry that also knows `factory`'s kind. */
  with(factory: BackendFactory): BackendRegistry {
    return new BackendRegistry([...this.factories.values(), factory]);
  }
}

/** The backends this build ships with. */
export function defaultRegistry(): BackendRegistry {
  return new BackendRegistry([localFactory, ldapFactory, ssoFactory]);
}
