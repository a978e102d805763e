import { nameKey } from '../../domain/names';
import { isPostgres } from '../query';
import { PortableMigration } from './portable-migration';

/** Rows whose key is recomputed per statement. */
const BATCH = 1000;

/**
 * Login and group names are compared in their NFKC, case-folded form (src/domain/names.ts) instead
 * of plain lower case, so that `ａｄｍｉｎ` and `admin` are one name. The keys of existing rows are
 * recomputed; only names outside plain ASCII can change, so ASCII rows are not even read. The key
 * columns get room for names whose normalized form is longer than the name.
 */
export class Migration20261202000000Names extends PortableMigration {
  override async up(): Promise<void> {
    const knex = this.getKnex();
    if (isPostgres(knex)) {
      for (const table of ['users', 'groups']) {
        await this.execute(`alter table "${table}" alter column "name_key" type varchar(255)`);
      }
    }
    for (const table of ['users', 'groups']) {
      let after = '';
      for (;;) {
        const rows = (await this.execute(
          knex(table)
            .select('id', 'name', 'name_key')
            .where('id', '>', after)
            .orderBy('id')
            .limit(BATCH)
            .toQuery(),
        )) as { id: string; name: string; name_key: string }[];
        if (!rows.length) break;
        for (const row of rows) {
          const key = nameKey(row.name);
          if (key !== row.name_key) {
            await this.execute(knex(table).update({ name_key: key }).where('id', row.id).toQuery());
          }
        }
        after = rows[rows.length - 1]!.id;
      }
    }
  }
}
