import { PortableMigration } from './portable-migration';

/** The user lifecycle: lockout window, settings, email verification codes and the mail outbox. */
export class Migration20261123010000Lifecycle extends PortableMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();

    this.addSchema(
      knex.schema.alterTable('users', (t) => {
        this.timestamp(t, 'failure_window_start').nullable();
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
        this.timestamp(t, 'updated_at').notNullable();
      }),
    );

    this.addSchema(
      knex.schema.createTable('email_verifications', (t) => {
        t.string('user_id', 36).primary();
        t.string('email', 254).notNullable();
        t.string('code_hash', 64).notNullable();
        t.string('salt', 32).notNullable();
        t.integer('attempts').notNullable();
        this.timestamp(t, 'sent_at').notNullable();
        this.timestamp(t, 'expires_at').notNullable();
      }),
    );

    this.addSchema(
      knex.schema.createTable('mail_outbox', (t) => {
        t.string('id', 36).primary();
        t.string('domain', 100).notNullable();
        t.string('recipient', 254).notNullable();
        t.string('subject', 255).notNullable();
        t.text('body').notNullable();
        this.timestamp(t, 'created_at').notNullable();
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
}
