import type { IdgateServer } from '../../src/server';

const TABLES = ['users', 'groups', 'group_members', 'user_tags', 'local_credentials'];

/**
 * Every row of the directory tables, as text: compare two snapshots to prove that a failed
 * mutation changed nothing. Sessions are left out (logging in to make the call adds one).
 */
export async function snapshot(server: IdgateServer): Promise<string> {
  const conn = server.db.orm.em.fork().getConnection();
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = await conn.execute(`select * from ${table}`);
    const sorted = rows.map((r: unknown) => JSON.stringify(r)).sort();
    parts.push(`${table}:${sorted.join('\n')}`);
  }
  return parts.join('\n--\n');
}

/** Fails with the first rows that differ between two snapshots (a readable message, not two walls of text). */
export function assertSameSnapshot(after: string, before: string, what = 'database'): void {
  if (after === before) return;
  const a = after.split('\n');
  const b = before.split('\n');
  const added = a.filter((line) => !b.includes(line)).slice(0, 3);
  const removed = b.filter((line) => !a.includes(line)).slice(0, 3);
  throw new Error(`${what} changed:\n+ ${added.join('\n+ ')}\n- ${removed.join('\n- ')}`);
}
