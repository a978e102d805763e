import { escapeFilterBytes, eq } from './escape';
import type { LdapEntry } from './ldap-client';

/**
 * The stable key of directory entries: the attribute idgate knows users and groups by (it survives
 * renames and moves), and how its values are written.
 *
 * - `uuid`: a text attribute holding a UUID, compared without regard to case (OpenLDAP's entryUUID,
 *   the default).
 * - `guid`: a 16-byte binary attribute holding a Microsoft GUID (Active Directory's objectGUID). It
 *   is read as bytes and shown the way AD shows it: the first three groups are little-endian, so their
 *   bytes are reversed (bytes `00 11 22 33 44 55 66 77 88 99 …` read as `33221100-5544-7766-8899-…`).
 *   A search for one is an equality filter of the 16 bytes, each escaped (`\33\22\11…`, RFC 4515).
 * - `text`: any other text attribute, taken as it is and compared exactly.
 */
export type KeyFormat = 'uuid' | 'guid' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest text key looked up; a longer "key" cannot have come from a directory entry. */
const MAX_TEXT_KEY = 1024;

/** The format a key attribute has unless the configuration says otherwise. */
export function defaultKeyFormat(attribute: string): KeyFormat {
  const name = attribute.toLowerCase();
  if (name === 'objectguid') return 'guid';
  if (name === 'entryuuid') return 'uuid';
  return 'text';
}

/** Byte order of the GUID string form: the first three groups are stored little-endian. */
const GUID_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

/** A 16-byte GUID as AD writes it (lower-case, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`); null for any other length. */
export function guidFromBytes(bytes: Uint8Array): string | null {
  if (bytes.length !== 16) return null;
  const hex = GUID_ORDER.map((i) => bytes[i]!.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 16 bytes of a GUID written as a string (either case); null when the text is not a GUID. */
export function guidToBytes(guid: string): Buffer | null {
  if (!UUID.test(guid)) return null;
  const hex = guid.replace(/-/g, '');
  const bytes = Buffer.alloc(16);
  GUID_ORDER.forEach((from, to) => {
    bytes[from] = parseInt(hex.slice(to * 2, to * 2 + 2), 16);
  });
  return bytes;
}

/** How keys of one directory are read from entries, searched for and compared. */
export class LdapKey {
  constructor(
    /** The attribute, as configured (e.g. entryUUID, objectGUID). */
    readonly attribute: string,
    readonly format: KeyFormat,
  ) {}

  /** The attributes a search must ask for as bytes (the key, when it is binary). */
  get binaryAttributes(): string[] {
    return this.format === 'guid' ? [this.attribute] : [];
  }

  /** The key of an entry in its string form, or null when the entry has none (or a malformed one). */
  read(entry: LdapEntry): string | null {
    const name = this.attribute.toLowerCase();
    if (this.format === 'guid') {
      const bytes = entry.bytes[name]?.[0];
      return bytes ? guidFromBytes(bytes) : null;
    }
    const value = entry.attrs[name]?.[0];
    if (!value) return null;
    return this.format === 'uuid' ? (UUID.test(value) ? value : null) : value;
  }

  /** The filter matching the entry with this key; null when `id` cannot be a key of this directory. */
  filter(id: string): string | null {
    switch (this.format) {
      case 'guid': {
        const bytes = guidToBytes(id);
        return bytes ? `(${this.attribute}=${escapeFilterBytes(bytes)})` : null;
      }
      case 'uuid':
        return UUID.test(id) ? eq(this.attribute, id) : null;
      case 'text':
        // No directory value holds a control character: such an id matches nothing and is not sent.
        return id && id.length <= MAX_TEXT_KEY && !/\p{Cc}/u.test(id) ? eq(this.attribute, id) : null;
    }
  }

  /** The form keys are compared in: UUIDs and GUIDs without regard to case, text keys exactly. */
  normal(id: string): string {
    return this.format === 'text' ? id : id.toLowerCase();
  }
}
