import { MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { EmbeddedMongo } from '../src/index.js';

/** A fresh in-memory server and a driver client connected to it. */
export async function startWithClient(options: Parameters<typeof EmbeddedMongo.start>[0] = {}) {
  const server = await EmbeddedMongo.start(options);
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  return {
    server,
    client,
    async close() {
      await client.close();
      await server.stop();
    },
  };
}

/**
 * For a test file: one embedded server and driver client for the file, database `name` dropped before each
 * test. `onOpen` receives them (and the server) once it is up: assign them to the file's variables.
 */
export function useFreshDatabase(
  name: string,
  onOpen: (opened: { readonly client: MongoClient; readonly db: Db; readonly server: EmbeddedMongo }) => void,
): void {
  let env: Awaited<ReturnType<typeof startWithClient>> | undefined;
  beforeAll(async () => {
    env = await startWithClient();
    onOpen({ client: env.client, db: env.client.db(name), server: env.server });
  });
  afterAll(async () => env?.close());
  beforeEach(async () => {
    await env?.client.db(name).dropDatabase();
  });
}

/** What the server answered `command` with, as an error; a command that succeeds fails the test. */
export function failedCommand<TError = { code?: number; codeName?: string; message: string }>(
  db: Db,
  command: Document,
): Promise<TError> {
  return db.command(command).then(
    () => {
      throw new Error(`expected ${JSON.stringify(command)} to fail`);
    },
    (error: TError) => error,
  );
}

/**
 * For a test file of raw commands: `useFreshDatabase(name)`, and `run`/`fail` to send a command that must succeed
 * or fail. `db()` reads the database inside the tests.
 */
export function useRawCommands(name: string) {
  let opened: Db | undefined;
  useFreshDatabase(name, (fresh) => (opened = fresh.db));
  const db = (): Db => {
    if (!opened) throw new Error('useRawCommands: read inside a test, after the server has started.');
    return opened;
  };
  return {
    db,
    run: (command: Document) => db().command(command),
    fail: (command: Document) => failedCommand(db(), command),
  };
}
