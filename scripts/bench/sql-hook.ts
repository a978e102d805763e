import { appendFileSync } from 'node:fs';

/**
 * Preloaded (`node -r`) into a server the bench starts only to learn which SQL a request runs, never
 * into one it measures: every statement sent through `pg` or executed through `better-sqlite3` is
 * appended, one JSON string a line, to the file named by BENCH_SQL_LOG. Both idgate and the baseline
 * get the same hook, so their statement counts are taken the same way.
 */
const target = process.env.BENCH_SQL_LOG;

function record(sql: unknown): void {
  if (target && typeof sql === 'string') appendFileSync(target, `${JSON.stringify(sql)}\n`);
}

function hookPg(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0];
    record(typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text);
    return original.apply(this, args);
  };
}

function hookSqlite(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as new (path: string) => {
    prepare(sql: string): object;
    close(): void;
  };
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      record(this.source);
      return original.apply(this, args);
    };
  }
}

if (target) {
  hookPg();
  hookSqlite();
}
