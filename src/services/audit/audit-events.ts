import type { RequestContext } from '../../context';
import { BadInputError } from '../../errors/errors';
import type { AccessPolicy } from '../access/policy';
import {
  applyKeyset,
  countRows,
  fetchRows,
  pageRequest,
  toPage,
  type KeyValue,
  type Page,
  type PageArgs,
} from '../support/pagination';

/** `auditEvents(filter)`: every given part is ANDed. */
export interface AuditFilterData {
  action?: string | null;
  actorName?: string | null;
  targetName?: string | null;
  result?: 'SUCCESS' | 'FAILURE' | null;
  since?: Date | null;
  until?: Date | null;
}

/** One audit event as the API shows it. */
export interface AuditEventView {
  id: string;
  at: Date;
  action: string;
  result: 'SUCCESS' | 'FAILURE';
  actor: { id: string | null; name: string; userType: string | null } | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  domain: string;
  ipAddress: string | null;
  details: Record<string, unknown>;
}

function eventFromRow(r: Record<string, unknown>): AuditEventView {
  const at = r.at instanceof Date ? r.at : new Date(r.at as number | string);
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(String(r.details ?? '{}')) as Record<string, unknown>;
  } catch {
    details = {};
  }
  return {
    id: r.id as string,
    at,
    action: r.action as string,
    result: r.result as AuditEventView['result'],
    actor: {
      id: (r.actor_id as string | null) ?? null,
      name: r.actor_name as string,
      userType: (r.actor_type as string | null) ?? null,
    },
    targetType: (r.target_type as string | null) ?? null,
    targetId: (r.target_id as string | null) ?? null,
    targetName: (r.target_name as string | null) ?? null,
    domain: r.domain as string,
    ipAddress: (r.ip_address as string | null) ?? null,
    details,
  };
}

const ORDERING = 'audit.AT.desc';

/**
 * Reading the audit trail: a domain's events, newest first, by keyset (at, id) so that events
 * written between two pages never shift them. Readable by ADMIN and AUDITOR of the domain (and
 * ADMINs of the default domain for every domain).
 */
export class AuditEvents {
  constructor(private readonly policy: AccessPolicy) {}

  async list(
    ctx: RequestContext,
    args: PageArgs & { filter?: AuditFilterData | null; domain?: string | null },
  ): Promise<Page<AuditEventView>> {
    const domain = this.policy.resolveDomain(ctx, args.domain);
    this.policy.authorize(ctx, 'readAudit', { domain });
    const filter = args.filter ?? {};
    if (filter.since && filter.until && filter.since > filter.until) {
      throw new BadInputError([{ field: 'filter.until', message: 'must not be before since' }]);
    }
    const request = pageRequest(args, ORDERING, 2);
    const knex = ctx.em.getKnex();
    const platform = ctx.em.getPlatform();
    const base = knex('audit_events as e').where('e.domain', domain);
    if (filter.action) base.where('e.action', filter.action);
    if (filter.actorName) base.where('e.actor_name', filter.actorName);
    if (filter.targetName) base.where('e.target_name', filter.targetName);
    if (filter.result) base.where('e.result', filter.result);
    if (filter.since) base.where('e.at', '>=', platform.processDateProperty(filter.since) as never);
    if (filter.until) base.where('e.at', '<', platform.processDateProperty(filter.until) as never);
    const total = await countRows(ctx.em, base);
    const columns = [
      { sql: 'e.at', descending: true },
      { sql: 'e.id', descending: true },
    ];
    const bind = (value: KeyValue, column: number) => {
      if (column !== 0) return value;
      const time = typeof value === 'string' ? new Date(value) : null;
      if (!time || Number.isNaN(time.getTime())) {
        throw new BadInputError([
          { field: request.forward ? 'after' : 'before', message: 'is not a cursor of this list' },
        ]);
      }
      return platform.processDateProperty(time);
    };
    const rows = await fetchRows(
      ctx.em,
      eventFromRow,
      applyKeyset(knex, base.clone().select('e.*'), columns, request, bind),
      request,
    );
    return toPage(rows, request, ORDERING, (e) => [e.at.toISOString(), e.id], total);
  }
}
