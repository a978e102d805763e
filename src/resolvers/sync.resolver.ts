import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { requireCaller } from '../services/access/caller';
import type { Services } from '../services/wiring';
import { SyncMode } from '../types/enums';
import { SyncReportType } from '../types/sync.type';
import { toBackendType } from './meta.resolver';

@Resolver()
export class SyncResolver {
  constructor(private readonly services: Services) {}

  @Mutation(() => SyncReportType, {
    description:
      'Brings the mirror of a directory up to date. Users gone from it are disabled, not deleted; a sync that would ' +
      'disable more than the configured share stops and reports instead.',
  })
  async syncUsers(
    @Ctx() ctx: RequestContext,
    @Arg('backend', () => ID, {
      description:
        'The id of the directory backend to bring up to date (a backend that can sync, e.g. LDAP).',
    })
    backend: string,
    @Arg('mode', () => SyncMode, {
      description: 'FULL reads every user of the directory; CHANGED those changed since the last sync.',
      nullable: true,
      defaultValue: SyncMode.CHANGED,
    })
    mode?: SyncMode | null,
  ): Promise<SyncReportType> {
    // The caller first: without a token, whether a backend exists is not told (NOT_FOUND would).
    requireCaller(ctx);
    const report = await this.services.sync.sync(ctx, backend, mode ?? SyncMode.CHANGED);
    return { ...report, backend: toBackendType(report.backend), mode: report.mode as SyncMode };
  }
}
