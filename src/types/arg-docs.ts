/**
 * Descriptions shared by several arguments of the API, shown in the IDE's documentation explorer and
 * in every client generated from the schema.
 */
export const ARG_DOCS = {
  userName: 'The user’s login name, in your own domain.',
  groupName: 'The group’s name, in your own domain.',
  expectedVersion:
    'The user’s version as you last read it: when the user changed since, the change fails with CONFLICT / VERSION_MISMATCH. Absent: no check.',
  profileInput: 'The profile parts to change: absent ones are kept, null or "" clears one.',
  settingsInput: 'The settings to change: absent ones are kept, null resets one to its default.',
  domainOfList:
    'The domain to look at: admins of the default domain may name any; absent or others: your own.',
} as const;
