import { PortableMigration } from './portable-migration';

/** SSO logins in progress, what SSO sessions keep for the provider's logout, and revoked provider tokens. */
export class Migration20261124050000Sso extends PortableMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();

    this.addSchema(
      knex.schema.createTable('sso_logins', (t) => {
        t.string('id', 64).primary();
        t.string('backend_id', 100).notNullable();
        t.string('binding_hash', 64).notNullable();
        t.string('salt', 64).notNullable();
        t.string('return_to', 2048).notNullable();
        this.timestamp(t, 'created_at').notNullable();
        this.timestamp(t, 'expires_at').notNullable();
        t.index(['expires_at'], 'sso_logins_expires_at_index');
      }),
    );

    this.addSchema(
      knex.schema.createTable('sso_sessions', (t) => {
        t.string('session_id', 36).primary();
        t.string('backend_id', 100).notNullable();
        t.text('id_token').nullable();
        this.timestamp(t, 'expires_at').notNullable();
        t.index(['expires_at'], 'sso_sessions_expires_at_index');
      }),
    );

    this.addSchema(
      knex.schema.createTable('revoked_provider_tokens', (t) => {
        t.string('token_hash', 64).primary();
        this.timestamp(t, 'expires_at').notNullable();
        t.index(['expires_at'], 'revoked_provider_tokens_expires_at_index');
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    for (const table of ['revoked_provider_tokens', 'sso_sessions', 'sso_logins']) {
      this.addSchema(knex.schema.dropTable(table));
    }
  }
}
