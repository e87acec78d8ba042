import { MongoClient } from 'mongodb';
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
