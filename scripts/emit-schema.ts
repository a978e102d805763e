import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printAppSchema } from '../src/schema';

/** Writes schema/schema.graphql, or with --check fails when the committed file differs from the code. */
async function main(): Promise<void> {
  const file = join(__dirname, '..', '..', 'schema', 'schema.graphql');
  const sdl = await printAppSchema();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (committed !== sdl) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema` and commit the result\n');
      process.exit(1);
    }
    process.stdout.write('schema/schema.graphql is up to date\n');
    return;
  }
  writeFileSync(file, sdl);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
