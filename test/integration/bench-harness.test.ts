import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bulkLoad } from '../../scripts/bench/bulk-load';
import { compareAnswers } from '../../scripts/bench/check';
import { freshDatabase, type DbKind } from '../../scripts/bench/databases';
import { slapdAvailable, startLdapEnv } from '../../scripts/bench/ldap';
import { sendOne } from '../../scripts/bench/measure';
import { startIdgate } from '../../scripts/bench/processes';
import { checkScenarios } from '../../scripts/bench/run-sql';
import { sqlScenarios } from '../../scripts/bench/scenarios';

/**
 * The bench's own guarantees, on a small data set: idgate accepts the generated rows (its schema, its
 * tokens, its password hashes), and the hand-written baseline answers every scenario's sample requests
 * with the same data as idgate. A change of idgate's answers that the baseline does not follow fails
 * here, before it can make the bench compare unlike things.
 */
for (const kind of ['sqlite', 'postgres'] as DbKind[]) {
  describe(`bench harness on ${kind}`, () => {
    it('loads generated data idgate accepts, and the baseline answers as idgate does', async () => {
      const db = await freshDatabase(kind);
      try {
        const migrate = await startIdgate(db.url, { label: 'idgate (migrations)' });
        await migrate.stop();
        const data = await bulkLoad(db, 400, 3);
        assert.equal(data.users, 400);
        assert.equal(data.adminTokens.length, 5);
        assert.ok(data.userTokens.length > 300, `${data.userTokens.length} user tokens`);
        assert.ok(data.logins.length > 300, `${data.logins.length} logins`);
        const scenarios = Object.values(sqlScenarios(data, 3, 'smi'));
        const checks = await checkScenarios(db, data, scenarios);
        for (const scenario of scenarios) {
          const check = checks.get(scenario.id)!;
          assert.equal(check.sameData?.same, true, `${scenario.id}: ${check.sameData?.difference}`);
          assert.ok(check.statements!.idgate.length > 0, `${scenario.id}: idgate's statements were captured`);
          assert.ok(check.statements!.baseline.length > 0, `${scenario.id}: the baseline's were captured`);
        }
      } finally {
        await db.drop();
      }
    });
  });
}

describe('bench harness, LDAP scenario', () => {
  it('reads the same page of directory users with ldapts as idgate answers', async (t) => {
    if (!slapdAvailable()) return t.skip('slapd is not installed');
    const env = await startLdapEnv('sqlite');
    try {
      const idgate = (await sendOne(env.idgate, env.plan)) as { data: { users: { edges: unknown[] } } };
      assert.equal(idgate.data.users.edges.length, 100);
      const comparison = compareAnswers(idgate, await env.rawPage());
      assert.equal(comparison.same, true, comparison.difference);
    } finally {
      await env.close();
    }
  });
});
