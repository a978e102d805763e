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

/** Normalises a DN for comparison: lower case, no spaces around separators. */
export function normalizeDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) =>
      rdn
        .split(/(?<!\\)=/)
        .map((p) => p.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();
}

/** The first RDN of a DN as [attribute, unescaped value], e.g. ['uid', 'ann'] for uid=ann,ou=people. */
export function firstRdn(dn: string): [string, string] | null {
  const match = /^\s*([A-Za-z][\w-]*)\s*=((?:\\.|[^,+\\])*)/.exec(dn);
  if (!match) return null;
  const raw = match[2]!.trim();
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '\\' && i + 1 < raw.length) {
      bytes.push(...Buffer.from(raw[i + 1]!, 'utf8'));
      i += 1;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return [match[1]!.toLowerCase(), Buffer.from(bytes).toString('utf8')];
}
