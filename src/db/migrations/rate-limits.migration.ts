import { PortableMigration } from './portable-migration';

/**
 * The counters of the rate limits when they are kept in PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres, told that the table exists). Columns, their order and types are the ones that
 * library reads and writes: `key` (limit prefix + address or hashed account), `points` consumed in
 * the window, `expire` (epoch milliseconds). Created on SQLite too, where it stays empty (the limits
 * are kept in memory there), so that both databases have the same schema.
 */
export class Migration20261125000000RateLimits extends PortableMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(
      knex.schema.createTable('rate_limits', (t) => {
        t.string('key', 255).primary();
        t.integer('points').notNullable().defaultTo(0);
        t.bigInteger('expire').nullable();
        t.index(['expire'], 'rate_limits_expire_index');
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('rate_limits'));
  }
}
