import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareAnswers, displayStatement, maskTokens, sortKeys } from '../../scripts/bench/check';
import { quantile } from '../../scripts/bench/measure';
import { Random, SurnamePicker, benchToken } from '../../scripts/bench/names';
import { parseOptions } from '../../scripts/bench/options';

describe('bench harness', () => {
  it('generates the same numbers and UUIDs for the same seed, others for another', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const first = Array.from({ length: 5 }, () => a.uuid());
    assert.deepEqual(
      first,
      Array.from({ length: 5 }, () => b.uuid()),
    );
    assert.notDeepEqual(
      first,
      Array.from({ length: 5 }, () => c.uuid()),
    );
    for (const id of first)
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(benchToken(1, 2), benchToken(1, 2));
    assert.match(benchToken(1, 2), /^[A-Za-z0-9_-]{43}$/);
  });

  it('draws Smith for about 1% of surnames, and no other surname contains "smi"', () => {
    const picker = new SurnamePicker();
    const random = new Random(1);
    let smiths = 0;
    for (let i = 0; i < 100_000; i++) {
      const name = picker.pick(random.next());
      if (name.toLowerCase().includes('smi')) {
        assert.equal(name, 'Smith');
        smiths++;
      }
    }
    assert.ok(smiths > 850 && smiths < 1150, `${smiths} Smiths in 100,000`);
  });

  it('compares answers whatever their key order, and says where they differ', () => {
    assert.deepEqual(JSON.stringify(sortKeys({ b: 1, a: [{ d: 1, c: 2 }] })), '{"a":[{"c":2,"d":1}],"b":1}');
    assert.equal(compareAnswers({ data: { x: 1, y: [1, 2] } }, { data: { y: [1, 2], x: 1 } }).same, true);
    const differ = compareAnswers({ data: { users: [{ name: 'a' }] } }, { data: { users: [{ name: 'b' }] } });
    assert.equal(differ.same, false);
    assert.match(differ.difference!, /^\$\.data\.users\[0\]\.name: idgate "a" \/ baseline "b"$/);
    const tokens = compareAnswers(
      { data: { login: { token: 'x'.repeat(43) } } },
      { data: { login: { token: 'y'.repeat(43) } } },
      maskTokens,
    );
    assert.equal(tokens.same, true);
  });

  it('shows statements without their values, and long IN lists shortened', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `'0000000${i}-aaaa-4aaa-8aaa-aaaaaaaaaaaa'`).join(', ');
    assert.equal(
      displayStatement(`select "u0".* from "users" as "u0" where "u0"."id" in (${ids})`),
      'select "u0".* from "users" as "u0" where "u0"."id" in (… 12 values)',
    );
    assert.equal(
      displayStatement(`select * from sessions where token_hash = '${'f'.repeat(64)}' and method = 'SSO'`),
      "select * from sessions where token_hash = '…' and method = 'SSO'",
    );
  });

  it('takes nearest-rank quantiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(quantile(xs, 0.5), 50);
    assert.equal(quantile(xs, 0.99), 99);
    assert.equal(quantile([3], 0.99), 3);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  it('parses options: defaults, --quick, and refuses what it does not know', () => {
    const full = parseOptions([])!;
    assert.deepEqual(
      [full.db, full.users, full.duration, full.rounds, full.connections, full.warmup],
      ['postgres', 100_000, 15, 3, 32, 3],
    );
    assert.deepEqual(full.scenarios, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const quick = parseOptions(['--quick', '--scenarios', 'c,a'])!;
    assert.deepEqual([quick.users, quick.duration, quick.rounds, quick.warmup], [10_000, 5, 1, 1]);
    assert.deepEqual(quick.scenarios, ['a', 'c']);
    assert.equal(parseOptions(['--users', '1_000_000', '--db', 'sqlite'])!.users, 1_000_000);
    assert.equal(parseOptions(['--help']), null);
    assert.throws(() => parseOptions(['--db', 'mysql']), /--db/);
    assert.throws(() => parseOptions(['--scenarios', 'a,h']), /--scenarios/);
    assert.throws(() => parseOptions(['--users', '0']), /--users/);
    assert.throws(() => parseOptions(['--fast']), /Unknown option/);
  });
});
