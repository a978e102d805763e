import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AndFilter, EqualityFilter, type Filter, FilterParser, OrFilter, SubstringFilter } from 'ldapts';
import {
  and,
  contains,
  eq,
  escapeDnValue,
  escapeFilterValue,
  firstRdn,
  normalizeDn,
  normalizeDnExact,
  or,
} from '../../backends/ldap/escape';

/**
 * Property tests of backends/ldap/escape.ts: whatever a client types, an escaped value means exactly
 * that value to the directory, and cannot change the shape of the filter or DN it is put into.
 */
const RUNS = { seed: 0x1dab, numRuns: 2000 };

/** The characters that mean something in filters (RFC 4515) or DNs (RFC 4514), and other hard ones. */
const HOSTILE = [
  ...'*()\\\u0000\n\r\t\u007f ,+"#;<>=/|&!~:',
  '\u00a0', // no-break space
  '\u3000', // ideographic space
  '\u2028', // line separator
  '\u200b', // zero-width space
  '\ufeff', // byte order mark
  'é',
  'ß',
  '𠀀', // a letter outside the BMP (CJK extension B)
  '😀',
  '\\2a',
  '\\5c',
  '\\',
];
/** Any string of Unicode scalar values, rich in HOSTILE pieces. */
const hostile = fc.string({
  unit: fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 30,
});

/** Decodes an RFC 4515 assertion value: `\XX` is one byte, every other character stands for itself. */
function decodeFilterValue(escaped: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length;) {
    if (escaped[i] === '\\') {
      const hex = escaped.slice(i + 1, i + 3);
      assert.match(hex, /^[0-9a-fA-F]{2}$/, `a backslash that is not \\XX in ${JSON.stringify(escaped)}`);
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const c = String.fromCodePoint(escaped.codePointAt(i)!);
      bytes.push(...Buffer.from(c, 'utf8'));
      i += c.length;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 4514 (section 3) characters that must be escaped anywhere in an attribute value. */
const DN_ESCAPED = '"+,;<>\\';
/** RFC 4514 characters that may follow a backslash as themselves. */
const DN_SPECIAL = ' "#+,;<=>\\';

/**
 * A strict RFC 4514 attribute-value decoder: throws on anything the grammar does not allow (an
 * unescaped special, leading `#` or space, trailing space, a NUL, a dangling backslash).
 */
function decodeDnValue(value: string): string {
  const bytes: number[] = [];
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      const next = chars[i + 1];
      const hex = (next ?? '') + (chars[i + 2] ?? '');
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else if (next !== undefined && DN_SPECIAL.includes(next)) {
        bytes.push(next.charCodeAt(0));
        i += 1;
      } else {
        throw new Error(`bad escape at ${i} in ${JSON.stringify(value)}`);
      }
      continue;
    }
    if (DN_ESCAPED.includes(c) || c === '\u0000') throw new Error(`unescaped ${JSON.stringify(c)}`);
    if (i === 0 && (c === ' ' || c === '#')) throw new Error(`unescaped leading ${JSON.stringify(c)}`);
    if (i === chars.length - 1 && c === ' ') throw new Error('unescaped trailing space');
    bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A filter as a tree, built with the module's own functions. */
type FilterTree =
  { kind: 'eq' | 'contains'; attribute: string; value: string } | { kind: 'and' | 'or'; parts: FilterTree[] };

const ATTRIBUTES = ['uid', 'cn', 'mail', 'displayName', 'entryUUID', 'member'];

const filterTree = fc.letrec<{ tree: FilterTree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('eq' as const),
      attribute: fc.constantFrom(...ATTRIBUTES),
      value: hostile,
    }),
    fc.record({
      kind: fc.constant('contains' as const),
      attribute: fc.constantFrom(...ATTRIBUTES),
      value: hostile,
    }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      parts: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
    }),
  ),
})).tree;

function build(tree: FilterTree): string {
  switch (tree.kind) {
    case 'eq':
      return eq(tree.attribute, tree.value);
    case 'contains':
      return contains(tree.attribute, tree.value);
    case 'and':
      return and(...tree.parts.map(build));
    case 'or':
      return or(...tree.parts.map(build));
  }
}

/** The tree a parsed filter stands for, in the shape of FilterTree (one-part and/or are the part itself). */
function expected(tree: FilterTree): unknown {
  if (!('parts' in tree)) return { kind: tree.kind, attribute: tree.attribute, value: tree.value };
  if (tree.parts.length === 1) return expected(tree.parts[0]!);
  return { kind: tree.kind, parts: tree.parts.map(expected) };
}

function fromParsed(filter: Filter): unknown {
  if (filter instanceof EqualityFilter) {
    return { kind: 'eq', attribute: filter.attribute, value: filter.value };
  }
  if (filter instanceof SubstringFilter) {
    assert.equal(filter.initial, '');
    assert.equal(filter.final, '');
    assert.equal(filter.any.length, 1);
    return { kind: 'contains', attribute: filter.attribute, value: filter.any[0] };
  }
  if (filter instanceof AndFilter || filter instanceof OrFilter) {
    return { kind: filter instanceof AndFilter ? 'and' : 'or', parts: filter.filters.map(fromParsed) };
  }
  throw new Error(`unexpected filter ${filter.constructor.name}`);
}

/** Asserts that the parentheses outside escapes nest and close: one filter, balanced. */
function assertBalanced(filter: string): void {
  let depth = 0;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === '\\') {
      i += 2; // an escape is always \XX here; decodeFilterValue checks that
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    assert.ok(depth >= 0, `")" without "(" at ${i} in ${filter}`);
    assert.ok(depth > 0 || i === filter.length - 1, `filter ends early at ${i} in ${filter}`);
  }
  assert.equal(depth, 0, `unclosed "(" in ${filter}`);
}

describe('LDAP escaping (property tests)', () => {
  it('filter values: decode back to the original and hold no unescaped * ( ) \\ or NUL', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const escaped = escapeFilterValue(value);
        assert.equal(decodeFilterValue(escaped), value);
        const outsideEscapes = escaped.replace(/\\[0-9a-fA-F]{2}/g, '');
        assert.doesNotMatch(outsideEscapes, /[*()\\]/);
        // Nor NUL, nor any other C0 control or DEL (RFC 4515 allows them; logs and proxies may not).
        for (const c of outsideEscapes) assert.ok(c >= ' ' && c !== '\u007f', JSON.stringify(escaped));
      }),
      RUNS,
    );
  });

  it('eq and contains: the LDAP client reads back the same attribute and value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ATTRIBUTES), hostile, (attribute, value) => {
        assert.deepEqual(fromParsed(FilterParser.parseString(eq(attribute, value))), {
          kind: 'eq',
          attribute,
          value,
        });
        assert.deepEqual(fromParsed(FilterParser.parseString(contains(attribute, value))), {
          kind: 'contains',
          attribute,
          value,
        });
      }),
      RUNS,
    );
  });

  it('filters built with eq, contains, and, or from any strings are balanced and parse to the tree they were built from', () => {
    fc.assert(
      fc.property(filterTree, (tree) => {
        const filter = build(tree);
        assertBalanced(filter);
        assert.deepEqual(fromParsed(FilterParser.parseString(filter)), expected(tree));
      }),
      { ...RUNS, numRuns: 1000 },
    );
    // Empty parts are dropped; and() of nothing is RFC 4526's absolute true, which callers never
    // build (an empty OR uses NOTHING instead), but it is balanced all the same.
    assert.equal(and('', eq('uid', 'a')), '(uid=a)');
    assertBalanced(and());
    assertBalanced(or());
  });

  it('DN values: a strict RFC 4514 reading gives back the original', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        assert.equal(decodeDnValue(escapeDnValue(value)), value);
      }),
      RUNS,
    );
  });

  it('DN values: firstRdn reads back the value, and normalizeDn keeps it (lower-cased) and the DN shape', () => {
    const attribute = fc.constantFrom('uid', 'cn', 'UID', 'ou');
    fc.assert(
      fc.property(attribute, hostile, hostile, (attr, value, other) => {
        const dn = `${attr}=${escapeDnValue(value)},ou=${escapeDnValue(other)},dc=example,dc=org`;
        assert.deepEqual(firstRdn(dn), [attr.toLowerCase(), value]);
        const normal = normalizeDn(dn);
        assert.deepEqual(firstRdn(normal), [attr.toLowerCase(), value.toLowerCase()]);
        // Spaces around the separators, as DNs in config files have them, do not matter.
        const spaced = `${attr} = ${escapeDnValue(value)} , ou = ${escapeDnValue(other)} , dc=example, dc=org`;
        assert.equal(normalizeDn(spaced), normal);
        // The parent DN is still there, separate: the value cannot swallow or add an RDN.
        assert.ok(normal.endsWith(`,ou=${escapeDnValue(other).toLowerCase()},dc=example,dc=org`), normal);
        // Normalizing is stable.
        assert.equal(normalizeDn(normal), normal);
      }),
      RUNS,
    );
    // The cases that were broken before: characters outside the BMP, an escaped trailing space, an
    // escaped backslash before a separator.
    assert.deepEqual(firstRdn('uid=𠀀x,ou=people'), ['uid', '𠀀x']);
    assert.deepEqual(firstRdn('uid=\\ a\\ ,ou=people'), ['uid', ' a ']);
    assert.equal(normalizeDn('uid=a\\ ,ou=people'), 'uid=a\\ ,ou=people');
    assert.equal(normalizeDn('uid=a\\\\ , ou=people'), 'uid=a\\\\,ou=people');
  });

  it('normalizeDn takes its shortcuts (no escapes, no spaces) to the same result as the exact way', () => {
    const piece = fc.oneof(
      fc.constantFrom(',', '=', ' ', '\t', '\n', '\r', ' , ', ' = ', '\u00a0', 'É', 'ß', '𠀀', '\\', '\\,'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const dn = pieces.join('');
        assert.equal(normalizeDn(dn), normalizeDnExact(dn), JSON.stringify(dn));
      }),
      RUNS,
    );
    assert.equal(normalizeDn('UID=Ann,OU=People'), 'uid=ann,ou=people');
    assert.equal(normalizeDn(' uid = Ann Lee , ou=people '), 'uid=ann lee,ou=people');
  });
});
