/**
 * Escaping for LDAP filters (RFC 4515) and distinguished names (RFC 4514). Every value that reaches a
 * filter or a DN from outside goes through these; nothing user-given is ever pasted raw.
 */

/**
 * Escapes a value for use inside a filter: * ( ) \ and every control character as \XX. Other
 * characters, non-ASCII ones included, stay as they are (RFC 4515 allows UTF-8 in values).
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const c of value) {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || c === '*' || c === '(' || c === ')' || c === '\\') {
      out += `\\${code.toString(16).padStart(2, '0')}`;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * A binary value for a filter: every byte as `\XX` (RFC 4515 lets any octet be written so), e.g. the
 * 16 bytes of an objectGUID. Nothing is left raw, so no byte can end or change the filter.
 */
export function escapeFilterBytes(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += `\\${byte.toString(16).padStart(2, '0')}`;
  return out;
}

/** Escapes a value for use as an attribute value in a DN (RFC 4514 section 2.4). */
export function escapeDnValue(value: string): string {
  let out = '';
  const chars = [...value];
  chars.forEach((c, i) => {
    const code = c.codePointAt(0)!;
    if (code === 0) out += '\\00';
    else if ('"+,;<>\\='.includes(c)) out += `\\${c}`;
    else if ((i === 0 && (c === ' ' || c === '#')) || (i === chars.length - 1 && c === ' ')) out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).padStart(2, '0')}`;
    else out += c;
  });
  return out;
}

/** `(attr=value)` with the value escaped. */
export function eq(attribute: string, value: string): string {
  return `(${attribute}=${escapeFilterValue(value)})`;
}

/** `(attr=*value*)` with the value escaped. */
export function contains(attribute: string, value: string): string {
  return `(${attribute}=*${escapeFilterValue(value)}*)`;
}

export function and(...parts: string[]): string {
  const kept = parts.filter(Boolean);
  return kept.length === 1 ? kept[0]! : `(&${kept.join('')})`;
}

export function or(...parts: string[]): string {
  const kept = parts.filter(Boolean);
  return kept.length === 1 ? kept[0]! : `(|${kept.join('')})`;
}

/** A filter that matches nothing (for an empty OR). */
export const NOTHING = '(!(objectClass=*))';

/** The white space that may surround DN separators when it is not escaped (RFC 4514 escapes a significant space). */
const DN_SPACE = /^[ \t\r\n]$/;

/** Splits at each `separator` that is not escaped; an escape (`\` and the character after it) stays whole. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1]!;
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** Drops unescaped white space at both ends; an escaped space (`\ `) at the end is part of the value. */
function trimUnescaped(text: string): string {
  let start = 0;
  while (start < text.length && DN_SPACE.test(text[start]!)) start++;
  let end = text.length;
  for (;;) {
    if (end <= start || !DN_SPACE.test(text[end - 1]!)) break;
    let backslashes = 0;
    while (end - 2 - backslashes >= start && text[end - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return text.slice(start, end);
}

/** White space at either end of a part of a DN that has no escapes. */
const OUTER_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/** Normalises a DN for comparison: lower case, no spaces around separators (escaped ones kept). */
export function normalizeDn(dn: string): string {
  // Fast paths (a page of groups holds thousands of member DNs): a DN without escapes needs no
  // character-by-character split, and one without white space needs only lower-casing.
  if (!dn.includes('\\')) {
    if (!/[ \t\r\n]/.test(dn)) return dn.toLowerCase();
    return dn
      .split(',')
      .map((rdn) =>
        rdn
          .split('=')
          .map((part) => part.replace(OUTER_SPACE, ''))
          .join('='),
      )
      .join(',')
      .toLowerCase();
  }
  return normalizeDnExact(dn);
}

/** normalizeDn without its shortcuts, character by character (the tests hold the two equal). */
export function normalizeDnExact(dn: string): string {
  return splitUnescaped(dn, ',')
    .map((rdn) => splitUnescaped(rdn, '=').map(trimUnescaped).join('='))
    .join(',')
    .toLowerCase();
}

/** The first RDN of a DN as [attribute, unescaped value], e.g. ['uid', 'ann'] for uid=ann,ou=people. */
export function firstRdn(dn: string): [string, string] | null {
  const match = /^\s*([A-Za-z][\w-]*)\s*=((?:\\.|[^,+\\])*)/.exec(dn);
  if (!match) return null;
  const raw = match[2]!;
  const bytes: number[] = [];
  // Bytes up to the last character that is escaped or not white space: unescaped spaces around
  // the value are not part of it, escaped ones are.
  let kept = 0;
  let i = 0;
  while (i < raw.length && DN_SPACE.test(raw[i]!)) i++;
  while (i < raw.length) {
    if (raw[i] === '\\' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 3;
      kept = bytes.length;
    } else if (raw[i] === '\\' && i + 1 < raw.length) {
      // Whole code points, so that characters outside the BMP are not split into halves.
      const next = String.fromCodePoint(raw.codePointAt(i + 1)!);
      bytes.push(...Buffer.from(next, 'utf8'));
      i += 1 + next.length;
      kept = bytes.length;
    } else {
      const c = String.fromCodePoint(raw.codePointAt(i)!);
      bytes.push(...Buffer.from(c, 'utf8'));
      i += c.length;
      if (!DN_SPACE.test(c)) kept = bytes.length;
    }
  }
  return [match[1]!.toLowerCase(), Buffer.from(bytes.slice(0, kept)).toString('utf8')];
}
