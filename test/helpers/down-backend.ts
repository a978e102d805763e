import { z } from 'zod';
import { BackendUnavailableError } from '../../backends/errors';
import type { BackendFactory } from '../../backends/registry';
import type { BackendContext, DirectoryUser, IdentityBackend } from '../../backends/types';

/**
 * A directory backend (base contract only, read live) whose server never answers: every call fails
 * with BackendUnavailableError, as an LDAP backend's does when its server is down.
 */
class DownBackend implements IdentityBackend {
  readonly kind = 'LDAP' as const;
  readonly displayName = 'A directory that is down';
  constructor(readonly id: string) {}

  async checkHealth(_ctx: BackendContext): Promise<void> {
    throw new BackendUnavailableError(this.id, 'no answer');
  }

  async getUsersByIds(_ctx: BackendContext, _ids: readonly string[]): Promise<(DirectoryUser | null)[]> {
    throw new BackendUnavailableError(this.id, 'no answer');
  }

  async findUserByName(_ctx: BackendContext, _domain: string, _name: string): Promise<DirectoryUser | null> {
    throw new BackendUnavailableError(this.id, 'no answer');
  }
}

const downConfig = z.object({ id: z.string(), kind: z.literal('down') }).strict();

/** The `down` backend kind, for a test server's registry. */
export const downBackendFactory: BackendFactory = {
  kind: 'down',
  configSchema: downConfig,
  create: (config) => new DownBackend(downConfig.parse(config).id),
};

/** A default domain with the local backend and a `down` directory named `dir`. */
export const WITH_DOWN_DIRECTORY = {
  domains: [
    {
      name: 'default',
      backends: [
        { id: 'local', kind: 'local' },
        { id: 'dir', kind: 'down' },
      ],
    },
  ],
};
