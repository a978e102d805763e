import { PortableMigration } from './portable-migration';

/**
 * Admin roles (docs/admin.md, "Roles"): `users.roles`, a JSON list of role names. Every user who was
 * an admin (`is_admin`) holds ADMIN; `is_admin` stays, true exactly when the roles hold ADMIN, so that
 * the count of a domain's admins (LAST_ADMIN) and the `isAdmin` filter keep their plain column.
 */
export class Migration20261203100000Roles extends PortableMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    this.addSchema(
      knex.schema.alterTable('users', (t) => {
        t.json('roles').notNullable().defaultTo('[]');
      }),
    );
    this.addSql(`update users set roles = '["ADMIN"]' where is_admin`);
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.alterTable('users', (t) => t.dropColumn('roles')));
  }
}
