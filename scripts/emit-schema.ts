import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSubgraphSdl } from '../src/federation/subgraph';
import { printAppSchema } from '../src/schema';

/** The committed SDL files: the API (for clients and codegen) and the federation subgraph (for gateways). */
const FILES: { name: string; print: () => Promise<string> }[] = [
  { name: 'schema.graphql', print: printAppSchema },
  { name: 'subgraph.graphql', print: () => printSubgraphSdl() },
];

/** Writes schema/*.graphql, or with --check fails when a committed file differs from the code. */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const { name, print } of FILES) {
    const file = join(__dirname, '..', '..', 'schema', name);
    const sdl = await print();
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (committed !== sdl) {
        process.stderr.write(`schema/${name} is stale: run \`npm run schema\` and commit the result\n`);
        stale = true;
      } else {
        process.stdout.write(`schema/${name} is up to date\n`);
      }
      continue;
    }
    writeFileSync(file, sdl);
    process.stdout.write(`wrote ${file}\n`);
  }
  if (stale) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
