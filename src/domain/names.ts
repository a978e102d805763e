/**
 * How names and addresses are compared. Login names, group names and email addresses are unique in
 * a domain whatever their case: the `*_key` columns hold this comparison form, and every lookup
 * goes through these functions.
 */

/** Longest comparison form of a name the database keeps (NFKC can make a name longer). */
export const NAME_KEY_MAX = 255;

/**
 * The comparison form of a login or group name: Unicode NFKC (compatibility forms such as
 * full-width letters or ligatures become their plain letters), then case folded (lower, upper, then
 * lower case, so that `ß` meets `SS`, `ς` meets `Σ`, and the capital `ẞ`, whose lower case is `ß`,
 * meets them too), then NFKC again for a stable result. Two names with the same form are one name:
 * `ａｄｍｉｎ` is `admin`.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

/** The comparison form of an email address. */
export function emailKey(email: string): string {
  return email.toLowerCase();
}
