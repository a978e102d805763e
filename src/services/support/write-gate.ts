import { canWrite, type DirectoryWriter } from '../../../backends/capabilities';
import type { IdentityBackend } from '../../../backends/types';
import { NotFoundError, ReadOnlyBackendError } from '../../errors/errors';

/**
 * The one place that decides whether a change may reach a backend: only a backend with the write
 * side may receive one; for any other the change is FORBIDDEN / READ_ONLY_BACKEND, and nothing is
 * written anywhere. Every write path of the services asks here first.
 */
export function writerOf(
  backend: IdentityBackend | undefined,
  backendId: string,
): IdentityBackend & DirectoryWriter {
  if (!backend) throw new NotFoundError('backend', `backend "${backendId}" is no longer configured`);
  if (!canWrite(backend)) throw new ReadOnlyBackendError(backend.id);
  return backend;
}
