import { Ctx, Query, Resolver } from 'type-graphql';
import { describeCapabilities } from '../../backends/capabilities';
import type { IdentityBackend } from '../../backends/types';
import type { RequestContext } from '../context';
import { requireCaller } from '../services/access/caller';
import type { BackendSet } from '../services/support/backend-set';
import type { Services } from '../services/wiring';
import { BackendKind } from '../types/enums';
import { BackendType, DomainType } from '../types/user.type';

export function toBackendType(backend: IdentityBackend): BackendType {
  const { readOnly, capabilities } = describeCapabilities(backend);
  return {
    id: backend.id,
    kind: backend.kind as BackendKind,
    displayName: backend.displayName,
    readOnly,
    capabilities,
  };
}

export function toDomainType(backends: BackendSet, name: string): DomainType {
  return { id: name, name, backends: backends.ofDomain(name).map(toBackendType) };
}

@Resolver()
export class MetaResolver {
  constructor(private readonly services: Services) {}

  @Query(() => [BackendType], { description: "The backends of the caller's domain." })
  backends(@Ctx() ctx: RequestContext): BackendType[] {
    const caller = requireCaller(ctx, 'self-service');
    return this.services.backends.ofDomain(caller.user.domain).map(toBackendType);
  }

  @Query(() => [DomainType], {
    description: 'Every domain for admins of the default domain; the own one for others.',
  })
  domains(@Ctx() ctx: RequestContext): DomainType[] {
    const caller = requireCaller(ctx, 'self-service');
    const names = this.services.policy.isSystemAdmin(caller)
      ? this.services.backends.domains()
      : [caller.user.domain];
    return names.map((n) => toDomainType(this.services.backends, n));
  }
}
