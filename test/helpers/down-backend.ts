import { z } from 'zod';
import { BackendUnavailableError } from '../../backends/errors';
import type { BackendFactory } from '../../backends/registry';
import type { BackendContext, DirectoryUser, IdentityBackend } from '../../backends/types';

/**
 * A directory backend (base contract only, read live) whose server is down: every call fails
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

/** A directory whose server accepts the connection and then never answers its health check. */
class HangingBackend extends DownBackend {
  override async checkHealth(_ctx: BackendContext): Promise<void> {
    await new Promise<never>(() => undefined);
  }
}

const downConfig = z.object({ id: z.string(), kind: z.literal('down') }).strict();
const hangingConfig = z.object({ id: z.string(), kind: z.literal('hanging') }).strict();

/** The `hanging` backend kind: its health check never ends. */
export const hangingBackendFactory: BackendFactory = {
  kind: 'hanging',
  configSchema: hangingConfig,
  create: (config) => new HangingBackend(hangingConfig.parse(config).id),
};

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
