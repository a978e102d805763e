import type { RequestContext } from '../../context';
import { UserSettingsEntity, type UserEntity } from '../../db/entities';
import { ATTRIBUTES_MAX_BYTES, hasControlChars } from '../../domain/rules';
import { BadInputError, type FieldError } from '../../errors/errors';
import { requireCaller } from '../access/caller';
import type { AccessPolicy } from '../access/policy';
import { inTransaction } from '../support/transaction';
import type { UserReads } from '../users/user-reads';

export interface SettingsData {
  language?: string | null;
  timezone?: string | null;
  theme?: string | null;
  webhook?: { type: string; url: string } | null;
  preferences?: Record<string, unknown> | null;
}

export interface SettingsView {
  language: string;
  timezone: string;
  theme: string | null;
  webhook: { type: string; url: string } | null;
  preferences: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: SettingsView = {
  language: 'en',
  timezone: 'UTC',
  theme: null,
  webhook: null,
  preferences: {},
};

function toView(row: UserSettingsEntity | null): SettingsView {
  if (!row) return { ...DEFAULT_SETTINGS, preferences: {} };
  return {
    language: row.language,
    timezone: row.timezone,
    theme: row.theme,
    webhook: row.webhookType && row.webhookUrl ? { type: row.webhookType, url: row.webhookUrl } : null,
    preferences: row.preferences,
  };
}

/** The canonical BCP 47 form of a language tag, or null when it is not one. */
export function canonicalLanguage(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}

/** The IANA name of a time zone as the runtime knows it, or null when it is not one. */
export function canonicalTimezone(zone: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Gateway-owned preferences: language, time zone, theme, webhook, free-form preferences. */
export class SettingsService {
  constructor(
    private readonly reads: UserReads,
    private readonly policy: AccessPolicy,
  ) {}

  /** The settings of `user`, readable by the user itself and its admins. */
  async get(ctx: RequestContext, user: UserEntity): Promise<SettingsView> {
    const caller = requireCaller(ctx, 'self-service');
    if (caller.user.id !== user.id) {
      this.policy.authorize(ctx, 'readUserSettings', { domain: user.domain, user });
    }
    return toView(await ctx.em.findOne(UserSettingsEntity, { userId: user.id }));
  }

  async updateMine(ctx: RequestContext, input: SettingsData): Promise<SettingsView> {
    const caller = requireCaller(ctx, 'self-service');
    return this.update(ctx, caller.user, input);
  }

  async updateFor(ctx: RequestContext, name: string, input: SettingsData): Promise<SettingsView> {
    return this.update(ctx, await this.reads.getManaged(ctx, 'updateUserSettings', name), input);
  }

  private async update(ctx: RequestContext, user: UserEntity, input: SettingsData): Promise<SettingsView> {
    const errors: FieldError[] = [];
    const patch: Partial<UserSettingsEntity> = {};
    if (input.language !== undefined) {
      const language =
        input.language === null ? DEFAULT_SETTINGS.language : canonicalLanguage(input.language);
      if (!language)
        errors.push({ field: 'language', message: 'must be a BCP 47 language tag such as en or pt-BR' });
      else patch.language = language;
    }
    if (input.timezone !== undefined) {
      const timezone =
        input.timezone === null ? DEFAULT_SETTINGS.timezone : canonicalTimezone(input.timezone);
      if (!timezone)
        errors.push({ field: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin' });
      else patch.timezone = timezone;
    }
    if (input.theme !== undefined) {
      if (
        input.theme !== null &&
        (input.theme.length < 1 || input.theme.length > 50 || hasControlChars(input.theme))
      ) {
        errors.push({ field: 'theme', message: 'must be 1..50 characters' });
      } else patch.theme = input.theme;
    }
    if (input.webhook !== undefined) {
      if (input.webhook === null) {
        patch.webhookType = null;
        patch.webhookUrl = null;
      } else {
        const { type, url } = input.webhook;
        if (!/^[A-Za-z0-9_-]{1,50}$/.test(type)) {
          errors.push({ field: 'webhook.type', message: 'must be 1..50 letters, digits, _ or -' });
        }
        if (!isHttpUrl(url)) errors.push({ field: 'webhook.url', message: 'must be an http or https URL' });
        patch.webhookType = type;
        patch.webhookUrl = url;
      }
    }
    if (input.preferences !== undefined) {
      const preferences = input.preferences ?? {};
      if (Buffer.byteLength(JSON.stringify(preferences)) > ATTRIBUTES_MAX_BYTES) {
        errors.push({
          field: 'preferences',
          message: `must be at most ${ATTRIBUTES_MAX_BYTES} bytes as JSON`,
        });
      }
      patch.preferences = preferences;
    }
    if (errors.length) throw new BadInputError(errors);
    return inTransaction(ctx, async (tx) => {
      const row =
        (await tx.em.findOne(UserSettingsEntity, { userId: user.id })) ??
        tx.em.create(UserSettingsEntity, {
          userId: user.id,
          language: DEFAULT_SETTINGS.language,
          timezone: DEFAULT_SETTINGS.timezone,
          updatedAt: new Date(),
        });
      Object.assign(row, patch, { updatedAt: new Date() });
      tx.em.persist(row);
      await tx.em.flush();
      return toView(row);
    });
  }
}

function isHttpUrl(text: string): boolean {
  if (text.length > 2048) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
