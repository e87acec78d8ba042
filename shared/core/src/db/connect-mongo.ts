import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { VigilConfig } from '../config/config.js';
import { CommandCounter } from './command-counter.js';

export interface MongoHandle {
  /** A mongoose connection to this subgraph's own database; register models on it, not on the global mongoose. */
  readonly connection: Connection;
  /** Commands sent on this connection; counts only with `monitorCommands` (tests). */
  readonly commands: CommandCounter;
  /** The URI in use (the embedded server's when one was started here). */
  readonly uri: string;
  /** Closes the connection and stops the embedded server if this call started one. */
  close(): Promise<void>;
}

export interface ConnectMongoOptions {
  /** This subgraph's database, e.g. `vigil_accounts`. */
  readonly dbName: string;
  /** Overrides MONGODB_URI, e.g. one embedded server shared by the whole stack. */
  readonly uri?: string;
  /**
   * Driver command monitoring, for `commands` (tests). Off by default: with it the driver decodes every reply a
   * second time for its event (the cursor replies it otherwise reads lazily), on every command of the service.
   */
  readonly monitorCommands?: boolean;
}

/**
 * Connects to `options.uri`, else MONGODB_URI, else starts an embedded server (data in MONGO_DATA_DIR,
 * memory only when that is empty). One connection per subgraph database.
 */
export async function connectMongo(config: VigilConfig, logger: Logger, options: ConnectMongoOptions): Promise<MongoHandle> {
  let embedded: EmbeddedServer | undefined;
  let uri = options.uri ?? config.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedMongo(config, logger);
    uri = embedded.uri;
  }
  const connection = mongoose.createConnection(uri, {
    dbName: options.dbName,
    monitorCommands: options.monitorCommands === true,
    serverSelectionTimeoutMS: 10_000,
  });
  try {
    await connection.asPromise();
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const commands = new CommandCounter(connection.getClient(), options.monitorCommands === true);
  logger.info({ dbName: options.dbName, embedded: Boolean(embedded) }, 'connected to MongoDB');
  return {
    connection,
    commands,
    uri,
    async close() {
      await connection.close();
      await embedded?.stop();
    },
  };
}

export interface EmbeddedServer {
  readonly uri: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded MongoDB-compatible server the way config asks (the stack shares one across subgraphs).
 * Imported lazily: a service with MONGODB_URI never loads the embedded server's code.
 */
export async function startEmbeddedMongo(config: Pick<VigilConfig, 'MONGO_DATA_DIR'>, logger: Logger): Promise<EmbeddedServer> {
  const { EmbeddedMongo } = await import('@vigil/embedded-mongo');
  const server = await EmbeddedMongo.start(config.MONGO_DATA_DIR ? { dataDir: config.MONGO_DATA_DIR } : {});
  logger.info({ dataDir: config.MONGO_DATA_DIR ?? '(memory)' }, 'started embedded MongoDB');
  return server;
}
