import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EntityManager } from '@mikro-orm/knex';
import { makeRequestContext, type RequestContext } from '../../src/context';
import { AuditEventEntity } from '../../src/db/entities';
import { changes, scrubDetails } from '../../src/services/audit/audit-trail';
import { inTransaction } from '../../src/services/support/transaction';
import { DRIVERS, startTestServer, type TestServer } from '../helpers/server';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function context(t: TestServer): RequestContext {
  return makeRequestContext(
    {
      em: t.server.db.orm.em.fork() as EntityManager,
      log: silent as unknown as RequestContext['log'],
      caller: null,
      badToken: false,
      ipAddress: '127.0.0.9',
      userAgent: null,
    },
    t.server.services.createLoaders,
  );
}

async function events(t: TestServer, action: string) {
  return (t.server.db.orm.em.fork() as EntityManager).find(AuditEventEntity, { action });
}

for (const driver of DRIVERS) {
  describe(`audit trail writer (${driver})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(driver);
    });
    after(async () => {
      await t?.close();
    });

    it('an event recorded in a transaction commits with it', async () => {
      const ctx = context(t);
      await inTransaction(ctx, (tx) =>
        t.server.services.audit.record(tx, {
          action: 'committedThing',
          domain: 'default',
          targetType: 'User',
          targetName: 'x',
          details: { changes: { email: { old: 'a@x.test', new: 'b@x.test' } } },
        }),
      );
      const [event, ...rest] = await events(t, 'committedThing');
      assert.equal(rest.length, 0);
      assert.equal(event!.result, 'SUCCESS');
      assert.equal(event!.actorName, 'anonymous');
      assert.equal(event!.ipAddress, '127.0.0.9');
      assert.deepEqual(JSON.parse(event!.details), {
        changes: { email: { old: 'a@x.test', new: 'b@x.test' } },
      });
    });

    it('an event recorded in a transaction that fails afterwards is gone with it', async () => {
      const ctx = context(t);
      await assert.rejects(
        inTransaction(ctx, async (tx) => {
          await t.server.services.audit.record(tx, { action: 'rolledBackThing', domain: 'default' });
          throw new Error('injected after the change, before commit');
        }),
        /injected/,
      );
      assert.equal((await events(t, 'rolledBackThing')).length, 0);
    });

    it('a failure is recorded on its own, outside the rolled-back change', async () => {
      const ctx = context(t);
      await t.server.services.audit.recordFailure(ctx, {
        action: 'refusedThing',
        domain: 'default',
        actor: { id: null, name: 'mallory', userType: null },
        details: { password: 'hunter2-Secret', reason: 'NOT_ALLOWED' },
      });
      const [event] = await events(t, 'refusedThing');
      assert.equal(event!.result, 'FAILURE');
      assert.equal(event!.actorName, 'mallory');
      assert.deepEqual(JSON.parse(event!.details), { reason: 'NOT_ALLOWED' });
    });
  });
}

describe('audit details', () => {
  it('drop secret-looking keys at any depth', () => {
    assert.deepEqual(
      scrubDetails({
        a: 1,
        newPassword: 'x',
        nested: [{ token: 'y', otp: '123456', name: 'n' }],
        recoveryCodes: ['z'],
      }),
      { a: 1, nested: [{ name: 'n' }] },
    );
  });

  it('list changed fields with old and new values, and only those', () => {
    assert.deepEqual(
      changes({ email: 'a', displayName: 'A', enabled: true }, { email: 'b', displayName: 'A' }, [
        'email',
        'displayName',
        'enabled',
      ]),
      { email: { old: 'a', new: 'b' } },
    );
  });
});
