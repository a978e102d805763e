import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerToken, hashToken, newToken } from '../../src/auth/tokens';
import { decodeCursor, encodeCursor } from '../../src/services/support/pagination';
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
  });

  it('round-trips cursors and refuses foreign ones', () => {
    assert.equal(decodeCursor(encodeCursor(41)), 42);
    assert.equal(decodeCursor(null), 0);
    assert.throws(() => decodeCursor('bm9wZQ'), /cursor/);
  });

  it('escapes LIKE wildcards in keywords', () => {
    assert.equal(likePattern('A%b_c\\'), '%a\\%b\\_c\\\\%');
  });
});
