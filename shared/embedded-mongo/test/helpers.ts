import { MongoClient, type Db } from 'mongodb';
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
 * test. `onOpen` receives them once the server is up (assign them to the file's variables).
 */
export function useFreshDatabase(
  name: string,
  onOpen: (opened: { readonly client: MongoClient; readonly db: Db }) => void,
): void {
  let env: Awaited<ReturnType<typeof startWithClient>> | undefined;
  beforeAll(async () => {
    env = await startWithClient();
    onOpen({ client: env.client, db: env.client.db(name) });
  });
  afterAll(async () => env?.close());
  beforeEach(async () => {
    await env?.client.db(name).dropDatabase();
  });
}
