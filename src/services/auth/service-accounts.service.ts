import { canWrite, keepsRecordsInGateway } from '../../../backends/capabilities';
import type { AppConfig } from '../../config';
import type { RequestContext } from '../../context';
import { SessionEntity, UserEntity } from '../../db/entities';
import { BadInputError, NotFoundError } from '../../errors/errors';
import type { AccessPolicy } from '../access/policy';
import type { BackendSet } from '../support/backend-set';
import { inTransaction } from '../support/transaction';
import type { UserCommands } from '../users/user-commands';
import type { UserReads } from '../users/user-reads';
import { issueSession } from './sessions';

/** Service accounts: users of type SERVICE_ACCOUNT that authenticate with a long-lived token. */
export class ServiceAccountService {
  constructor(
    private readonly config: AppConfig['serviceAccounts'],
    private readonly backends: BackendSet,
    private readonly policy: AccessPolicy,
    private readonly reads: UserReads,
    private readonly commands: UserCommands,
  ) {}

  /**
   * Creates a service account and its first token (shown once). It lives in a writable backend whose
   * users the gateway keeps itself (the local backend): a directory has no place for it.
   */
  async createServiceAccount(
    ctx: RequestContext,
    name: string,
    displayName: string | null | undefined,
    isAdmin: boolean,
  ): Promise<{ user: UserEntity; token: string }> {
    const caller = this.policy.authorizeHere(ctx, 'createServiceAccount');
    const home = this.backends
      .ofDomain(caller.user.domain)
      .find((b) => keepsRecordsInGateway(b) && canWrite(b));
    if (!home) {
      throw new BadInputError([
        { field: 'name', message: 'this domain has no local backend to keep service accounts' },
      ]);
    }
    return inTransaction(ctx, async (tx) => {
      const user = await this.commands.createUser(tx, {
        name,
        displayName,
        isAdmin,
        backend: home.id,
        userType: 'SERVICE_ACCOUNT',
      });
      const { token } = issueSession(tx, user.id, 'SERVICE_TOKEN', this.config.tokenTtlSeconds);
      await tx.em.flush();
      return { user, token };
    });
  }

  /** A new token for a service account; every older one stops working at once. */
  async rotateServiceAccountToken(
    ctx: RequestContext,
    name: string,
  ): Promise<{ user: UserEntity; token: string }> {
    const user = await this.reads.getManaged(ctx, 'rotateServiceAccountToken', name);
    if (user.userType !== 'SERVICE_ACCOUNT') throw new NotFoundError('serviceAccount');
    return inTransaction(ctx, async (tx) => {
      await tx.em.nativeDelete(SessionEntity, { userId: user.id, method: 'SERVICE_TOKEN' });
      const { token } = issueSession(tx, user.id, 'SERVICE_TOKEN', this.config.tokenTtlSeconds);
      const fresh = await tx.em.findOneOrFail(UserEntity, { id: user.id });
      fresh.updatedAt = new Date();
      await tx.em.flush();
      return { user: fresh, token };
    });
  }
}
