import type { LdapEntry } from './ldap-client';

/**
 * Ranged retrieval of attribute values, as Active Directory does it: an attribute with more values
 * than the server hands over at once (MaxValRange, 1,500 by default) comes back as
 * `member;range=0-1499` instead of `member`, and the client asks the entry again for
 * `member;range=1500-*` until the answer's range ends in `*`. Other servers send the whole list.
 */

/** `name;range=<first>-<last or *>`, the form a ranged attribute comes back in. */
const RANGED = /^(.+);range=(\d+)-(\d+|\*)$/i;
/** Most further reads for one attribute (1,000 reads of 1,500 values: 1.5 million values). */
const MAX_RANGE_READS = 1000;

/** The ranged part of `entry` for `attribute` (lower-cased name), if the server cut its values short. */
function rangedPart(entry: LdapEntry, attribute: string): { values: string[]; next: number | null } | null {
  for (const [name, values] of Object.entries(entry.attrs)) {
    const match = RANGED.exec(name);
    if (match && match[1]!.toLowerCase() === attribute) {
      return { values, next: match[3] === '*' ? null : Number(match[3]) + 1 };
    }
  }
  return null;
}

/**
 * Every value of `attribute` in `entry`: as sent when the list is whole, else the first range and
 * the rest asked for with `readRange` (one read of the entry per further range), in order.
 * `readRange(description)` reads the entry again with that one attribute description, e.g.
 * `member;range=1500-*`, and resolves to the entry (or undefined when it is gone).
 */
export async function allValues(
  entry: LdapEntry,
  attribute: string,
  readRange: (description: string) => Promise<LdapEntry | undefined>,
): Promise<string[]> {
  const name = attribute.toLowerCase();
  let part = rangedPart(entry, name);
  if (!part) return entry.attrs[name] ?? [];
  const values = [...part.values];
  for (let reads = 0; part?.next != null && reads < MAX_RANGE_READS; reads++) {
    const next = part.next;
    const again = await readRange(`${attribute};range=${next}-*`);
    part = again ? rangedPart(again, name) : null;
    if (part) values.push(...part.values);
  }
  return values;
}
