#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { EmbeddedMongo } from './server.js';

const USAGE = `Usage: vigil-mongo [--port 27017] [--data <dir>] [--fsync] [--replSet <name>]

Runs the embedded MongoDB-wire-compatible server on 127.0.0.1.
  --port     TCP port (default 27017; 0 picks a free one)
  --data     directory for the journal and snapshots (default: memory only)
  --fsync    fsync the journal after every acknowledged write
  --replSet  replica set name (default vigil-rs)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '27017' },
      data: { type: 'string' },
      fsync: { type: 'boolean', default: false },
      replSet: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid --port ${values.port}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const server = await EmbeddedMongo.start({ port, dataDir: values.data, fsync: values.fsync, replSetName: values.replSet });
  console.log(`vigil-mongo listening: ${server.uri}${values.data ? ` (data: ${values.data})` : ' (memory only)'}`);
  const shutdown = () => {
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
