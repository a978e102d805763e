import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../context';
import { AuditEventEntity, type AuditResultValue } from '../../db/entities';

/** Who did it, when not the request's caller (a failed login names the account tried; background work is `system`). */
export interface AuditActorInput {
  id: string | null;
  name: string;
  userType: string | null;
}

/** One event to record. `domain` is the domain acted in (the target's). */
export interface AuditInput {
  /** The mutation's name (`createUser`, `setUserGroups`, …) or a system event (`lockout`, `syncUsers`, `ssoLogin`). */
  action: string;
  domain: string;
  targetType?: string | null;
  targetId?: string | null;
  targetName?: string | null;
  /** Changed fields (see `changes`) and other facts. Keys that look like secrets are dropped. */
  details?: Record<string, unknown>;
  /** Defaults to the request's caller. */
  actor?: AuditActorInput;
}

/** Keys never written to `details`, at any depth: passwords, tokens, codes, secrets, hashes. */
const SECRET_KEY = /pass(word)?|token|secret|code|otp|hash|credential|challenge|privatekey|apikey/i;

/** `details` without secret-looking keys (nested objects and arrays included). */
export function scrubDetails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubDetails);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = scrubDetails(v);
    return out;
  }
  return value;
}

/**
 * The fields of `fields` whose value differs between `before` and `after`, as
 * `{ field: { old, new } }`: what an update event's `details.changes` holds.
 */
export function changes<T extends object>(
  before: T,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    const old = before[field];
    const now = after[field];
    if (JSON.stringify(old) !== JSON.stringify(now)) out[field] = { old: old ?? null, new: now ?? null };
  }
  return out;
}

/**
 * The audit trail's writer. `record` writes through the request's EntityManager: called inside the
 * transaction of the change it records, the event commits with the change or not at all.
 * `recordFailure` writes a FAILURE event on its own: call it outside any transaction (after the
 * refused or failed change rolled back; on SQLite a nested write would wait for the open transaction).
 */
export class AuditTrail {
  /** Records a successful change in the current transaction of `ctx.em`. */
  async record(ctx: RequestContext, input: AuditInput): Promise<void> {
    await ctx.em.insert(AuditEventEntity, this.row(ctx, input, 'SUCCESS'));
  }

  /** Records a refused change or failed attempt in its own statement; never throws (logs instead). */
  async recordFailure(ctx: RequestContext, input: AuditInput): Promise<void> {
    try {
      await ctx.em.fork().insert(AuditEventEntity, this.row(ctx, input, 'FAILURE'));
    } catch (error) {
      ctx.log.warn(
        { action: input.action, error: (error as Error).message },
        'audit: could not record a failure event',
      );
    }
  }

  private row(ctx: RequestContext, input: AuditInput, result: AuditResultValue): AuditEventEntity {
    const caller = ctx.caller?.user;
    const actor = input.actor ?? {
      id: caller?.id ?? null,
      name: caller?.name ?? 'anonymous',
      userType: caller?.userType ?? null,
    };
    const row = new AuditEventEntity();
    row.id = randomUUID();
    row.at = new Date();
    row.action = input.action;
    row.result = result;
    row.actorId = actor.id;
    row.actorName = actor.name;
    row.actorType = actor.userType;
    row.targetType = input.targetType ?? null;
    row.targetId = input.targetId ?? null;
    row.targetName = input.targetName ?? null;
    row.domain = input.domain;
    row.ipAddress = ctx.ipAddress;
    row.details = JSON.stringify(scrubDetails(input.details ?? {}));
    return row;
  }
}
