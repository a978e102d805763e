import { PortableMigration } from './portable-migration';

/** The audit trail (see src/db/entities/audit.entity.ts). */
export class Migration20261203000000Audit extends PortableMigration {
  override async up(): Promise<void> {
    this.addSchema(
      this.getKnex().schema.createTable('audit_events', (t) => {
        t.string('id', 36).primary();
        this.timestamp(t, 'at').notNullable();
        t.string('action', 64).notNullable();
        t.string('result', 10).notNullable();
        t.string('actor_id', 36).nullable();
        t.string('actor_name', 255).notNullable();
        t.string('actor_type', 20).nullable();
        t.string('target_type', 32).nullable();
        t.string('target_id', 255).nullable();
        t.string('target_name', 255).nullable();
        t.string('domain', 100).notNullable();
        t.string('ip_address', 64).nullable();
        t.text('details').notNullable();
        t.index(['domain', 'at', 'id'], 'audit_events_domain_at_index');
        t.index(['at'], 'audit_events_at_index');
      }),
    );
  }

  override async down(): Promise<void> {
    this.addSchema(this.getKnex().schema.dropTable('audit_events'));
  }
}
