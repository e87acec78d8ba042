import { EmbeddedMongo } from '@vigil/embedded-mongo';
import {
  connectMongo,
  createLogger,
  loadConfig,
  type Environment,
  type Logger,
  type MongoHandle,
  type VigilConfig,
} from '@vigil/core';

/** What every test start-up shares: test configuration, a logger, a MongoDB server, and what to close. */
export interface TestBase {
  readonly config: VigilConfig;
  readonly logger: Logger;
  readonly mongoUri: string;
  /** A connection to `dbName` on the server; closed by `close()`. */
  open(dbName: string): Promise<MongoHandle>;
  /** Registers something to close; `close()` closes newest first. */
  onClose(close: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface TestBaseOptions {
  readonly name: string;
  readonly env?: Environment;
  readonly logLevel?: string;
  readonly mongo?: () => Promise<{ readonly uri: string; stop(): Promise<void> }>;
}

/** `NODE_ENV=test`, memory-only MongoDB (embedded in process unless `mongo` says otherwise), silent logs. */
export async function openTestBase(options: TestBaseOptions): Promise<TestBase> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGO_DATA_DIR: '', ...options.env });
  const logger = createLogger({
    name: `${options.name}-test`,
    level: options.logLevel ?? (process.env.VIGIL_TEST_LOG || 'silent'),
  });
  const closers: (() => Promise<void>)[] = [];
  const mongo = await (options.mongo?.() ?? EmbeddedMongo.start());
  closers.push(() => mongo.stop());
  return {
    config,
    logger,
    mongoUri: mongo.uri,
    async open(dbName) {
      const handle = await connectMongo(config, logger, { dbName, uri: mongo.uri, monitorCommands: true });
      closers.push(() => handle.close());
      return handle;
    },
    onClose: (close) => void closers.push(close),
    async close() {
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
}
