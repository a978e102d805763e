import { PortableMigration } from './portable-migration';

/** Directory mirrors: users disabled by a sync (re-enabled when they come back) and the last sync time. */
export class Migration20261123020000Directory extends PortableMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(
      knex.schema.alterTable('users', (t) => {
        t.boolean('sync_disabled').notNullable().defaultTo(false);
      }),
    );
    this.addSchema(
      knex.schema.createTable('directory_sync_state', (t) => {
        t.string('backend_id', 100).primary();
        this.timestamp(t, 'last_sync_at').notNullable();
        t.string('last_mode', 10).notNullable();
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(knex.schema.dropTable('directory_sync_state'));
    this.addSchema(knex.schema.alterTable('users', (t) => t.dropColumn('sync_disabled')));
  }
}
