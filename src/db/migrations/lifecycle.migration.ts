import { Migration } from '@mikro-orm/migrations';
import type { Knex } from '@mikro-orm/knex';

/** The user lifecycle: lockout window, settings, email verification codes and the mail outbox. */
export class Migration20261123010000Lifecycle extends Migration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    const ts = (t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string) =>
      t.datetime(name, { useTz: true, precision: 3 });

    this.addSchema(
      knex.schema.alterTable('users', (t) => {
        ts(t, 'failure_window_start').nullable();
      }),
    );

    this.addSchema(
      knex.schema.createTable('user_settings', (t) => {
        t.string('user_id', 36).primary();
        t.string('language', 35).notNullable();
        t.string('timezone', 64).notNullable();
        t.string('theme', 50).nullable();
        t.string('webhook_type', 50).nullable();
        t.string('webhook_url', 2048).nullable();
        t.json('preferences').notNullable();
        ts(t, 'updated_at').notNullable();
      }),
    );

    this.addSchema(
      knex.schema.createTable('email_verifications', (t) => {
        t.string('user_id', 36).primary();
        t.string('email', 254).notNullable();
        t.string('code_hash', 64).notNullable();
        t.string('salt', 32).notNullable();
        t.integer('attempts').notNullable();
        ts(t, 'sent_at').notNullable();
        ts(t, 'expires_at').notNullable();
      }),
    );

    this.addSchema(
      knex.schema.createTable('mail_outbox', (t) => {
        t.string('id', 36).primary();
        t.string('domain', 100).notNullable();
        t.string('recipient', 254).notNullable();
        t.string('subject', 255).notNullable();
        t.text('body').notNullable();
        ts(t, 'created_at').notNullable();
        t.index(['domain', 'created_at'], 'mail_outbox_domain_created_at_index');
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    for (const table of ['mail_outbox', 'email_verifications', 'user_settings']) {
      this.addSchema(knex.schema.dropTable(table));
    }
    this.addSchema(knex.schema.alterTable('users', (t) => t.dropColumn('failure_window_start')));
  }

  /** Adds each statement a schema builder makes: drivers run one statement per call. */
  private addSchema(builder: Knex.SchemaBuilder): void {
    for (const { sql } of builder.toSQL()) this.addSql(sql);
  }
}
