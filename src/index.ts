import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createServer } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`idgate: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.database.kind === 'sqlite') {
    const { mkdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(config.database.location), { recursive: true });
  }
  const server = await createServer(config);
  const url = await server.listen();
  server.app.log.info({ url: `${url}/graphql`, database: config.database.kind }, 'idgate is listening');
  const stop = (signal: string) => {
    server.app.log.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `idgate: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
