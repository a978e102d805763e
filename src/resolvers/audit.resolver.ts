import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import type { Services } from '../services/wiring';
import { AuditEventConnectionType, AuditFilter, type AuditEventType } from '../types/audit.type';
import { ARG_DOCS } from '../types/arg-docs';
import { PAGE_ARG_DOCS, toConnection } from './connection';

@Resolver()
export class AuditResolver {
  constructor(private readonly services: Services) {}

  @Query(() => AuditEventConnectionType, {
    description: 'The audit trail of a domain, newest first: for its ADMINs and AUDITORs.',
  })
  async auditEvents(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AuditFilter, {
      nullable: true,
      description: 'Narrows the list: every given part must match.',
    })
    filter?: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: PAGE_ARG_DOCS.first })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE_ARG_DOCS.after }) after?: string | null,
    @Arg('last', () => Int, { nullable: true, description: PAGE_ARG_DOCS.last }) last?: number | null,
    @Arg('before', () => String, { nullable: true, description: PAGE_ARG_DOCS.before })
    before?: string | null,
    @Arg('domain', () => ID, { description: ARG_DOCS.domainOfList, nullable: true }) domain?: string | null,
  ): Promise<AuditEventConnectionType> {
    const page = await this.services.auditEvents.list(ctx, { filter, first, after, last, before, domain });
    return toConnection<unknown, AuditEventType>(page) as AuditEventConnectionType;
  }
}
