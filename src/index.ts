import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createServer, RESOURCES_CLOSE_MS } from './server';

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
  // Graceful shutdown (docs/operations.md, "Shutdown"): the first SIGTERM or SIGINT drains and
  // exits 0 when every request in flight was answered and everything closed in time, 1 when the
  // grace period ran out and requests were cut (or a pool would not close). A second signal cuts
  // the remaining requests at once.
  const graceMs = config.shutdown.graceSeconds * 1000;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      server.app.log.warn({ signal }, 'second signal: cutting the requests still running');
      server.cutNow();
      return;
    }
    stopping = true;
    server.app.log.info({ signal, graceSeconds: config.shutdown.graceSeconds }, 'stopping');
    // Whatever happens to the shutdown itself, the process ends a little after its bounds.
    setTimeout(
      () => {
        process.stderr.write('idgate: shutdown did not finish in time\n');
        process.exit(1);
      },
      graceMs + RESOURCES_CLOSE_MS + 2000,
    ).unref();
    server.shutdown({ graceMs }).then(
      (result) => {
        server.app.log.info({ ...result }, result.clean ? 'stopped' : 'stopped, not cleanly');
        process.exit(result.clean ? 0 : 1);
      },
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `idgate: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
