/**
 * The unique constraints of the schema (named in the migrations) and what a violation of each means
 * to a caller. A violation is told apart by the constraint it broke: PostgreSQL names it in the
 * error (`constraint`); SQLite names the table's columns instead, which identify it just as well.
 */
export type UniqueMeaning = 'NAME_TAKEN' | 'EMAIL_TAKEN' | 'EXTERNAL_ID_TAKEN' | 'TOKEN_TAKEN';

interface UniqueConstraint {
  table: string;
  columns: readonly string[];
  meaning: UniqueMeaning;
}

export const UNIQUE_CONSTRAINTS: Readonly<Record<string, UniqueConstraint>> = {
  users_domain_name_key_unique: { table: 'users', columns: ['domain', 'name_key'], meaning: 'NAME_TAKEN' },
  users_domain_email_key_unique: { table: 'users', columns: ['domain', 'email_key'], meaning: 'EMAIL_TAKEN' },
  users_backend_external_id_unique: {
    table: 'users',
    columns: ['backend_id', 'external_id'],
    meaning: 'EXTERNAL_ID_TAKEN',
  },
  groups_domain_name_key_unique: { table: 'groups', columns: ['domain', 'name_key'], meaning: 'NAME_TAKEN' },
  sessions_token_hash_unique: { table: 'sessions', columns: ['token_hash'], meaning: 'TOKEN_TAKEN' },
};

/** `UNIQUE constraint failed: users.domain, users.email_key` → the table and its columns. */
const SQLITE_UNIQUE = /^UNIQUE constraint failed: ((?:\w+\.\w+)(?:, \w+\.\w+)*)/;

/** The name of the unique constraint a driver error reports as broken, or null when it names none. */
export function brokenUniqueConstraint(error: unknown): string | null {
  const named = (error as { constraint?: unknown } | null)?.constraint;
  if (typeof named === 'string') return named in UNIQUE_CONSTRAINTS ? named : null;
  const message = (error as { message?: unknown } | null)?.message;
  const match = typeof message === 'string' ? SQLITE_UNIQUE.exec(message) : null;
  if (!match) return null;
  const parts = match[1]!.split(', ').map((p) => p.split('.'));
  const table = parts[0]![0];
  const columns = parts.map((p) => p[1]).join(',');
  for (const [name, c] of Object.entries(UNIQUE_CONSTRAINTS)) {
    if (c.table === table && c.columns.join(',') === columns) return name;
  }
  return null;
}
