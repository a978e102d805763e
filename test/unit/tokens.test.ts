import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerToken, hashToken, newToken } from '../../src/auth/tokens';
import {
  compareKeys,
  decodeCursor,
  encodeCursor,
  pageOfSorted,
  pageRequest,
} from '../../src/services/support/pagination';
import { likePattern } from '../../src/services/support/sql';

describe('tokens and cursors', () => {
  it('makes 256-bit tokens and stores them as SHA-256 hex', () => {
    const a = newToken();
    const b = newToken();
    assert.notEqual(a, b);
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.match(hashToken(a), /^[0-9a-f]{64}$/);
    assert.notEqual(hashToken(a), hashToken(b));
  });

  it('reads only well-formed bearer headers', () => {
    assert.equal(bearerToken(undefined), null);
    assert.equal(bearerToken('Bearer abc-_123'), 'abc-_123');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), '');
    assert.equal(bearerToken('Bearer a b'), '');
    // No token at all counts as no header: "Authentication required", not "Invalid or expired token".
    assert.equal(bearerToken(''), null);
    assert.equal(bearerToken('Bearer '), null);
    assert.equal(bearerToken('bearer'), null);
    assert.equal(bearerToken('  Bearer   '), null);
    assert.equal(bearerToken('Bearer  x y'), '');
  });

  it('round-trips keyset cursors and refuses foreign ones', () => {
    const cursor = encodeCursor('users.NAME.asc', ['ann', 'id-1']);
    assert.deepEqual(decodeCursor(cursor, 'users.NAME.asc', 2, 'after'), ['ann', 'id-1']);
    // Another ordering's cursor, a cursor of another width, garbage and old offset cursors: refused.
    assert.throws(() => decodeCursor(cursor, 'users.NAME.desc', 2, 'after'), /cursor/);
    assert.throws(() => decodeCursor(cursor, 'users.NAME.asc', 3, 'after'), /cursor/);
    assert.throws(() => decodeCursor('bm9wZQ', 'users.NAME.asc', 2, 'after'), /cursor/);
    assert.throws(
      () => decodeCursor(Buffer.from('o1:4').toString('base64url'), 'users.NAME.asc', 2, 'after'),
      /cursor/,
    );
  });

  it('pages a sorted list by keyset in both directions', () => {
    const rows = ['a', 'b', 'c', 'd', 'e'];
    const keyOf = (r: string) => [r];
    const cmp = (r: string, key: (string | number | null)[]) => compareKeys([r], key, [false]);
    const page = (args: object) => pageOfSorted(rows, pageRequest(args, 'x', 1), 'x', keyOf, cmp);
    const first = page({ first: 2 });
    assert.deepEqual(
      first.items.map((i) => i.node),
      ['a', 'b'],
    );
    assert.equal(first.hasNextPage, true);
    assert.equal(first.hasPreviousPage, false);
    const second = page({ first: 2, after: first.endCursor });
    assert.deepEqual(
      second.items.map((i) => i.node),
      ['c', 'd'],
    );
    assert.equal(second.hasPreviousPage, true);
    const last = page({ last: 2 });
    assert.deepEqual(
      last.items.map((i) => i.node),
      ['d', 'e'],
    );
    assert.equal(last.hasPreviousPage, true);
    assert.equal(last.hasNextPage, false);
    const before = page({ last: 2, before: last.startCursor });
    assert.deepEqual(
      before.items.map((i) => i.node),
      ['b', 'c'],
    );
    assert.equal(before.hasNextPage, true);
    // `last` wins over `first` (which has a schema default); after and before together are refused.
    assert.deepEqual(
      page({ first: 50, last: 1 }).items.map((i) => i.node),
      ['e'],
    );
    assert.throws(() => page({ after: first.endCursor, before: last.startCursor }), /after or before/);
  });

  it('escapes LIKE wildcards in keywords', () => {
    assert.equal(likePattern('A%b_c\\'), '%a\\%b\\_c\\\\%');
  });
});
