import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { connectMongo, createLogger, loadConfig, type MongoHandle } from '@vigil/core';

/** A test file's own embedded MongoDB and the subgraph's kind of connection to it; `stop` ends both. */
export interface TestDb {
  readonly db: MongoHandle;
  stop(): Promise<void>;
}

/** `monitorCommands`: for tests that count or inspect the commands sent (off in production, ADR 104). */
export async function startTestDb(name: string, options: { readonly monitorCommands?: boolean } = {}): Promise<TestDb> {
  const mongo = await EmbeddedMongo.start();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGO_DATA_DIR: '' });
  const db = await connectMongo(config, createLogger({ name, level: 'silent' }), {
    dbName: `vigil_alerts_${name.replaceAll('-', '_')}_test`,
    uri: mongo.uri,
    ...(options.monitorCommands ? { monitorCommands: true } : {}),
  });
  return {
    db,
    stop: async () => {
      await db.close();
      await mongo.stop();
    },
  };
}
