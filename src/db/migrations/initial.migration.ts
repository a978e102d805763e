import { PortableMigration } from './portable-migration';

/**
 * The first schema. Written with knex's schema builder so that one migration serves SQLite and
 * PostgreSQL alike; test/integration/migrations checks it against the entities on both.
 */
export class Migration20261123000000Initial extends PortableMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();

    this.addSchema(
      knex.schema.createTable('users', (t) => {
        t.string('id', 36).primary();
        t.string('domain', 100).notNullable();
        t.string('backend_id', 100).notNullable();
        t.string('external_id', 255).nullable();
        t.string('user_type', 20).notNullable();
        t.string('name', 100).notNullable();
        t.string('name_key', 100).notNullable();
        t.string('display_name', 150).notNullable();
        t.string('email', 254).nullable();
        t.string('email_key', 254).nullable();
        t.boolean('email_verified').notNullable();
        t.string('mobile', 32).nullable();
        t.string('full_name', 150).nullable();
        t.string('first_name', 100).nullable();
        t.string('last_name', 100).nullable();
        t.json('attributes').notNullable();
        t.json('external_ids').notNullable();
        t.boolean('is_admin').notNullable();
        t.boolean('disabled').notNullable();
        t.boolean('pending').notNullable();
        t.json('required_actions').notNullable();
        this.timestamp(t, 'validity_begin').nullable();
        this.timestamp(t, 'validity_end').nullable();
        t.integer('failed_login_count').notNullable();
        this.timestamp(t, 'locked_until').nullable();
        this.timestamp(t, 'last_login_at').nullable();
        this.timestamp(t, 'created_at').notNullable();
        this.timestamp(t, 'updated_at').notNullable();
        t.integer('version').notNullable().defaultTo(1);
        t.unique(['domain', 'name_key'], { indexName: 'users_domain_name_key_unique' });
        t.unique(['domain', 'email_key'], { indexName: 'users_domain_email_key_unique' });
        t.unique(['backend_id', 'external_id'], { indexName: 'users_backend_external_id_unique' });
      }),
    );

    this.addSchema(
      knex.schema.createTable('groups', (t) => {
        t.string('id', 36).primary();
        t.string('domain', 100).notNullable();
        t.string('backend_id', 100).notNullable();
        t.string('external_id', 255).nullable();
        t.string('name', 100).notNullable();
        t.string('name_key', 100).notNullable();
        t.string('display_name', 150).notNullable();
        this.timestamp(t, 'created_at').notNullable();
        t.unique(['domain', 'name_key'], { indexName: 'groups_domain_name_key_unique' });
      }),
    );

    this.addSchema(
      knex.schema.createTable('group_members', (t) => {
        t.string('group_id', 36).notNullable();
        t.string('user_id', 36).notNullable();
        t.primary(['group_id', 'user_id']);
        t.index(['user_id'], 'group_members_user_id_index');
      }),
    );

    this.addSchema(
      knex.schema.createTable('user_tags', (t) => {
        t.string('user_id', 36).notNullable();
        t.string('key', 100).notNullable();
        t.string('value', 255).notNullable();
        t.primary(['user_id', 'key']);
        t.index(['key', 'value'], 'user_tags_key_value_index');
      }),
    );

    this.addSchema(
      knex.schema.createTable('sessions', (t) => {
        t.string('id', 36).primary();
        t.string('user_id', 36).notNullable();
        t.string('token_hash', 64).notNullable();
        t.string('method', 20).notNullable();
        this.timestamp(t, 'created_at').notNullable();
        this.timestamp(t, 'last_seen_at').notNullable();
        this.timestamp(t, 'expires_at').notNullable();
        t.string('ip_address', 64).nullable();
        t.string('user_agent', 512).nullable();
        t.unique(['token_hash'], { indexName: 'sessions_token_hash_unique' });
        t.index(['user_id'], 'sessions_user_id_index');
      }),
    );

    this.addSchema(
      knex.schema.createTable('local_credentials', (t) => {
        t.string('user_id', 36).primary();
        t.string('password_hash', 255).notNullable();
        this.timestamp(t, 'updated_at').notNullable();
      }),
    );
  }

  override async down(): Promise<void> {
    const knex = this.getKnex();
    for (const table of ['local_credentials', 'sessions', 'user_tags', 'group_members', 'groups', 'users']) {
      this.addSchema(knex.schema.dropTable(table));
    }
  }
}
