/**
 * How names and addresses are compared. Login names, group names and email addresses are unique in
 * a domain whatever their case: the `*_key` columns hold this comparison form, and every lookup
 * goes through these functions.
 */

/** The comparison form of a login or group name. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** The comparison form of an email address. */
export function emailKey(email: string): string {
  return email.toLowerCase();
}
