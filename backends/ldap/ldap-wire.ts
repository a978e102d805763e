import { AndFilter, EqualityFilter, type Filter, FilterParser, NotFilter, OrFilter } from 'ldapts';

/**
 * What travels between idgate and the LDAP library, as ldap-client.ts uses it: entries as plain
 * attribute lists, filters with binary values as bytes, the BER value of the password modify
 * extended operation, and a bound on waiting. No connection here: the pool is in ldap-client.ts.
 */

export interface LdapEntry {
  dn: string;
  /** Every other attribute, its values decoded as UTF-8. */
  attrs: Record<string, string[]>;
  /** The pool's binary attributes (`binaryAttributes`), their values as the server sent them. */
  bytes: Record<string, Buffer[]>;
}

export interface SearchParams {
  scope?: 'base' | 'one' | 'sub';
  filter: string;
  attributes: string[];
  /** Ask for paged results (RFC 2696) with this page size. */
  pageSize?: number;
}

export type ModifyOperation = {
  operation: 'add' | 'delete' | 'replace';
  attribute: string;
  values: string[];
};

export function toEntry(
  raw: Record<string, unknown> & { dn: string },
  binary: ReadonlySet<string>,
): LdapEntry {
  const attrs: Record<string, string[]> = {};
  const bytes: Record<string, Buffer[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'dn') continue;
    const list = Array.isArray(value) ? value : [value];
    const name = key.toLowerCase();
    if (binary.has(name)) {
      // ldapts hands over bytes for the names it was given, compared as spelled. Should a server spell
      // the name otherwise, the values it could decode as UTF-8 come as text: encoding them again gives
      // the same bytes, but for a leading byte-order mark the decoder drops (a GUID with one is then
      // too short, and its entry is skipped rather than given a wrong key).
      bytes[name] = list.map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8')));
    } else {
      // ldapts's own array when it holds text only (the common case: no copy of thousands of members).
      attrs[name] = list.every((v) => typeof v === 'string')
        ? (list as string[])
        : list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
    }
  }
  return { dn: raw.dn, attrs, bytes };
}

/**
 * The filter to send: the text as is, or, when it compares binary attributes for equality, parsed,
 * with those values as bytes. ldapts turns each `\XX` of a filter string into the character of
 * code XX and sends values as UTF-8, which would change every byte from 0x80 up; the values of
 * binary attributes are written with every byte escaped (escapeFilterBytes), so that each character
 * of the parsed value is one byte, taken back as is (latin1).
 */
export function filterFor(text: string, binary: ReadonlySet<string>): Filter | string {
  if (!binary.size) return text;
  const filter = FilterParser.parseString(text);
  const visit = (f: Filter): void => {
    if (f instanceof AndFilter || f instanceof OrFilter) f.filters.forEach(visit);
    else if (f instanceof NotFilter) visit(f.filter);
    else if (
      f instanceof EqualityFilter &&
      typeof f.value === 'string' &&
      binary.has(f.attribute.toLowerCase())
    ) {
      f.value = Buffer.from(f.value, 'latin1');
    }
  };
  visit(filter);
  return filter;
}

/** BER encoding of the RFC 3062 PasswdModifyRequestValue { [0] userIdentity, [2] newPasswd }. */
export function passwordModifyValue(dn: string, password: string): Buffer {
  const field = (tag: number, text: string) => {
    const body = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from([tag]), berLength(body.length), body]);
  };
  const content = Buffer.concat([field(0x80, dn), field(0x82, password)]);
  return Buffer.concat([Buffer.from([0x30]), berLength(content.length), content]);
}

function berLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Settles with `work`, or rejects after `ms` (and runs `onTimeout`, which should free what `work` holds). */
export function within<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error('connect timeout: the server accepted the connection but did not answer'));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
