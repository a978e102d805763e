import { existsSync } from 'node:fs';
import { z } from 'zod';
import { defaultKeyFormat, type KeyFormat } from './ldap-keys';

const dn = z
  .string()
  .regex(/^[A-Za-z][\w-]*=.+/, 'must be a distinguished name such as ou=people,dc=example,dc=org');
const attribute = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an LDAP attribute name');
const filter = z.string().regex(/^\(.*\)$/s, 'must be an LDAP filter in parentheses');

export const ldapBackendConfigSchema = z
  .object({
    id: z.string(),
    kind: z.literal('ldap'),
    displayName: z.string().min(1).max(150).optional(),
    /** Server URLs, tried in order when one fails. */
    urls: z
      .array(z.string().regex(/^ldaps?:\/\/[^\s/]+\/?$/, 'must be ldap://host[:port] or ldaps://host[:port]'))
      .min(1),
    bindDn: dn,
    bindPassword: z.string().min(1),
    startTls: z.boolean().optional(),
    caFile: z
      .string()
      .refine((path) => existsSync(path), 'file not found')
      .optional(),
    userBaseDn: dn,
    userObjectClass: attribute.optional(),
    /** Extra condition every user entry must meet, e.g. (!(pwdAccountLockedTime=*)). */
    userFilter: filter.optional(),
    groupBaseDn: dn,
    groupObjectClass: attribute.optional(),
    /** The attribute of a group entry that lists its members' DNs. */
    memberAttribute: z.enum(['member', 'uniqueMember']).optional(),
    /** A DN kept in every group written by idgate, since groupOfNames needs one member at least. */
    groupPlaceholderMember: dn.optional(),
    /** Expand groups that are members of groups: their users count as members too (default false). */
    nestedGroups: z.boolean().optional(),
    /**
     * The attribute a search filter can match an entry's DN with, so that a group's members are found
     * in one search: entryDN (OpenLDAP, the default) or distinguishedName (Active Directory).
     */
    dnAttribute: attribute.optional(),
    /**
     * The attribute users and groups are keyed by: a value the directory never changes, not even on
     * a rename or move. entryUUID (the default; OpenLDAP, 389 DS) or objectGUID (Active Directory).
     */
    keyAttribute: attribute.optional(),
    /** How its values are written (see ldap-keys.ts); by default guid for objectGUID, uuid for entryUUID, else text. */
    keyFormat: z.enum(['uuid', 'guid', 'text']).optional(),
    /**
     * How long the list of users' sort keys that a listing reads (the one search of every matching
     * user) may be reused by the next listings with the same filter, in seconds; 0: never. Changes
     * made through this idgate drop it at once.
     */
    listCacheSeconds: z.number().min(0).max(60).optional(),
    attributes: z
      .object({
        name: attribute.optional(),
        displayName: attribute.optional(),
        email: attribute.optional(),
        firstName: attribute.optional(),
        lastName: attribute.optional(),
        fullName: attribute.optional(),
        mobile: attribute.optional(),
        groupName: attribute.optional(),
        groupDisplayName: attribute.optional(),
        /** Further attributes copied into User.attributes (and written from it in writable mode). */
        extra: z.array(attribute).optional(),
      })
      .strict()
      .optional(),
    readOnly: z.boolean().optional(),
    connectTimeoutMs: z.number().int().min(100).max(120_000).optional(),
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
    poolSize: z.number().int().min(1).max(64).optional(),
    sync: z
      .object({
        /** A sync that would disable more than this share of the mirrored users stops instead. */
        maxDisableShare: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const format = config.keyFormat ?? defaultKeyFormat(config.keyAttribute ?? 'entryUUID');
    if (format === 'guid' && config.readOnly === false) {
      // What writing does (new entries named by attributes.name, passwords through the Password
      // Modify operation, a placeholder member in groups) is OpenLDAP's way, not Active Directory's.
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['readOnly'],
        message: 'writing to Active Directory (keyFormat guid) is not supported: set readOnly: true',
      });
    }
  });

export type LdapBackendConfig = z.infer<typeof ldapBackendConfigSchema>;

/** Default of `listCacheSeconds`: short enough that a listing is never noticeably behind the directory. */
export const DEFAULT_LIST_CACHE_SECONDS = 5;

/** The configuration with every default filled in. */
export interface LdapSettings {
  id: string;
  displayName: string;
  urls: string[];
  bindDn: string;
  bindPassword: string;
  startTls: boolean;
  caFile: string | null;
  userBaseDn: string;
  userObjectClass: string;
  userFilter: string | null;
  groupBaseDn: string;
  groupObjectClass: string;
  memberAttribute: string;
  groupPlaceholderMember: string;
  nestedGroups: boolean;
  dnAttribute: string;
  keyAttribute: string;
  keyFormat: KeyFormat;
  /** Seconds a listing's key scan is reused (0: never). */
  listCacheSeconds: number;
  attrs: {
    name: string;
    displayName: string;
    email: string;
    firstName: string;
    lastName: string;
    fullName: string;
    mobile: string;
    groupName: string;
    groupDisplayName: string;
    extra: string[];
  };
  readOnly: boolean;
  connectTimeoutMs: number;
  timeoutMs: number;
  poolSize: number;
  maxDisableShare: number;
}

export function ldapSettings(config: LdapBackendConfig): LdapSettings {
  const a = config.attributes ?? {};
  return {
    id: config.id,
    displayName: config.displayName ?? 'LDAP directory',
    urls: config.urls,
    bindDn: config.bindDn,
    bindPassword: config.bindPassword,
    startTls: config.startTls ?? false,
    caFile: config.caFile ?? null,
    userBaseDn: config.userBaseDn,
    userObjectClass: config.userObjectClass ?? 'inetOrgPerson',
    userFilter: config.userFilter ?? null,
    groupBaseDn: config.groupBaseDn,
    groupObjectClass: config.groupObjectClass ?? 'groupOfNames',
    memberAttribute: config.memberAttribute ?? 'member',
    groupPlaceholderMember: config.groupPlaceholderMember ?? config.bindDn,
    nestedGroups: config.nestedGroups ?? false,
    dnAttribute: config.dnAttribute ?? 'entryDN',
    keyAttribute: config.keyAttribute ?? 'entryUUID',
    keyFormat: config.keyFormat ?? defaultKeyFormat(config.keyAttribute ?? 'entryUUID'),
    listCacheSeconds: config.listCacheSeconds ?? DEFAULT_LIST_CACHE_SECONDS,
    attrs: {
      name: a.name ?? 'uid',
      displayName: a.displayName ?? 'displayName',
      email: a.email ?? 'mail',
      firstName: a.firstName ?? 'givenName',
      lastName: a.lastName ?? 'sn',
      fullName: a.fullName ?? 'cn',
      mobile: a.mobile ?? 'mobile',
      groupName: a.groupName ?? 'cn',
      groupDisplayName: a.groupDisplayName ?? 'description',
      extra: a.extra ?? [],
    },
    readOnly: config.readOnly ?? true,
    // Short enough that a request needing a silent directory answers BACKEND_UNAVAILABLE within 5 s.
    connectTimeoutMs: config.connectTimeoutMs ?? 2000,
    timeoutMs: config.timeoutMs ?? 3000,
    poolSize: config.poolSize ?? 4,
    maxDisableShare: config.sync?.maxDisableShare ?? 0.2,
  };
}
