import { isPostgres } from '../query';
import { searchExpression } from '../search';
import { PortableMigration } from './portable-migration';

/**
 * Keyword search over users (name, display name, email, full name) served by an index on
 * PostgreSQL: a trigram GIN index (pg_trgm) on the one expression the search matches, so that
 * `contains` stays an index scan at a million users. pg_trgm is a trusted extension (PostgreSQL 13+:
 * the database owner may create it); where it cannot be created, the migration goes on without the
 * index and the search is a sequential scan, as before. SQLite has no such index: its search scans.
 */
export class Migration20261202100000Search extends PortableMigration {
  override async up(): Promise<void> {
    if (!isPostgres(this.getKnex())) return;
    await this.execute('savepoint idgate_trgm');
    try {
      await this.execute('create extension if not exists pg_trgm');
      await this.execute('release savepoint idgate_trgm');
    } catch {
      await this.execute('rollback to savepoint idgate_trgm');
      return;
    }
    await this.execute(
      `create index if not exists users_search_trgm_index on users using gin ((${searchExpression(true, '')}) gin_trgm_ops)`,
    );
  }
}
