import { Migration } from '@mikro-orm/migrations';
import type { Knex } from '@mikro-orm/knex';

/**
 * Base of idgate's migrations: they describe the schema with knex's schema builder, so that one
 * migration serves SQLite and PostgreSQL alike.
 */
export abstract class PortableMigration extends Migration {
  /** Adds each statement a schema builder makes: drivers run one statement per call. */
  protected addSchema(builder: Knex.SchemaBuilder): void {
    for (const { sql } of builder.toSQL()) this.addSql(sql);
  }

  /** A timestamp column with time zone and millisecond precision. */
  protected timestamp(t: Knex.CreateTableBuilder | Knex.AlterTableBuilder, name: string): Knex.ColumnBuilder {
    return t.datetime(name, { useTz: true, precision: 3 });
  }
}
