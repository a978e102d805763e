import { Ctx, Query, Resolver } from 'type-graphql';
import type { IdentityBackend } from '../../backends/types';
import { DEFAULT_DOMAIN } from '../config';
import type { RequestContext } from '../context';
import { requireCaller } from '../services/access';
import { BackendKind } from '../types/enums';
import { BackendType, DomainType } from '../types/user.type';

export function toBackendType(backend: IdentityBackend): BackendType {
  return {
    id: backend.id,
    kind: backend.kind as BackendKind,
    displayName: backend.displayName,
    readOnly: backend.readOnly,
    capabilities: [...backend.capabilities],
  };
}

export function toDomainType(ctx: RequestContext, name: string): DomainType {
  return { id: name, name, backends: ctx.services.backends.ofDomain(name).map(toBackendType) };
}

@Resolver()
export class MetaResolver {
  @Query(() => [BackendType], { description: "The backends of the caller's domain." })
  backends(@Ctx() ctx: RequestContext): BackendType[] {
    const caller = requireCaller(ctx, 'self-service');
    return ctx.services.backends.ofDomain(caller.user.domain).map(toBackendType);
  }

  @Query(() => [DomainType], {
    description: 'Every domain for admins of the default domain; the own one for others.',
  })
  domains(@Ctx() ctx: RequestContext): DomainType[] {
    const caller = requireCaller(ctx, 'self-service');
    const all = caller.user.isAdmin && caller.user.domain === DEFAULT_DOMAIN;
    const names = all ? ctx.services.backends.domains() : [caller.user.domain];
    return names.map((n) => toDomainType(ctx, n));
  }
}
