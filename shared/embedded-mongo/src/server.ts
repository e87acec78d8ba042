import { createServer, type Server, type Socket } from 'node:net';
import { errorReply, runCommand, type RouterContext } from './commands/router.js';
import { CursorRegistry } from './cursors.js';
import { DirectWriter } from './storage/direct-writer.js';
import { Journal } from './storage/journal.js';
import { Storage } from './storage/storage.js';
import { sweepExpired } from './ttl.js';
import { SessionRegistry } from './txn/sessions.js';
import { MessageFramer } from './wire/framing.js';
import { MongoCommandError } from './errors.js';
import { encodeReply, InvalidBsonError, OP_MSG, OP_QUERY, parseMessage } from './wire/messages.js';

export interface EmbeddedMongoOptions {
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Directory for the journal and snapshots; omitted means memory only. */
  dataDir?: string;
  /** fsync the journal after every acknowledged write (survives power loss; slower). Default false. */
  fsync?: boolean;
  /** Replica set name reported by `hello` and used in `uri`. */
  replSetName?: string;
  /** How often TTL indexes are swept (default 30 s; MongoDB sweeps every 60 s). */
  ttlSweepIntervalMs?: number;
}

const HOST = '127.0.0.1';

/**
 * An in-process server speaking the MongoDB wire protocol on a local TCP port, presenting itself as a
 * single-node MongoDB 7.0 replica set so that the official driver (and mongoose) use sessions and
 * transactions against it exactly as against MongoDB.
 */
export class EmbeddedMongo {
  private readonly storage = new Storage();
  private readonly cursors = new CursorRegistry();
  private readonly sessions = new SessionRegistry();
  private readonly sockets = new Set<Socket>();
  private readonly tcp: Server;
  private maintenance: NodeJS.Timeout | undefined;
  private housekeeping: NodeJS.Timeout | undefined;
  private journal: Journal | undefined;
  private routerContext!: RouterContext;
  private actualPort = 0;
  private connections = 0;

  private constructor(private readonly options: EmbeddedMongoOptions) {
    this.tcp = createServer((socket) => this.accept(socket));
  }

  static async start(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
    const server = new EmbeddedMongo(options);
    await server.listen();
    return server;
  }

  get port(): number {
    return this.actualPort;
  }

  get replSetName(): string {
    return this.options.replSetName ?? 'vigil-rs';
  }

  /** Connection string for the driver / mongoose. */
  get uri(): string {
    return `mongodb://${HOST}:${this.actualPort}/?replicaSet=${encodeURIComponent(this.replSetName)}`;
  }

  private async listen(): Promise<void> {
    if (this.options.dataDir) this.journal = Journal.open(this.options.dataDir, this.storage, { fsync: this.options.fsync });
    try {
      await new Promise<void>((resolve, reject) => {
        this.tcp.once('error', reject);
        this.tcp.listen(this.options.port ?? 0, HOST, () => {
          this.tcp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      // e.g. the port is taken: release the data directory for the next attempt.
      this.journal?.close();
      this.storage.setSink(undefined);
      throw error;
    }
    const address = this.tcp.address();
    this.actualPort = typeof address === 'object' && address ? address.port : 0;
    this.routerContext = {
      storage: this.storage,
      cursors: this.cursors,
      sessions: this.sessions,
      directWriter: new DirectWriter(this.storage, this.sessions),
      server: { host: HOST, port: this.actualPort, setName: this.replSetName, startedAt: new Date() },
      sweepTtl: () => this.sweepTtl(),
      connection: { id: 0, remote: HOST },
    };
    this.maintenance = setInterval(() => this.sweepTtl(), this.options.ttlSweepIntervalMs ?? 30_000);
    this.maintenance.unref();
    // Expired transactions release their locks promptly, so writers waiting on them resume.
    this.housekeeping = setInterval(() => {
      this.sessions.expire();
      this.cursors.expireIdle();
    }, 5_000);
    this.housekeeping.unref();
  }

  /** Delete expired TTL documents now (also runs on a timer). Returns the number removed. */
  sweepTtl(now = Date.now()): number {
    const removed = sweepExpired(this.storage, this.sessions, now);
    this.storage.flush();
    return removed;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const context: RouterContext = {
      ...this.routerContext,
      connection: { id: ++this.connections, remote: `${socket.remoteAddress ?? HOST}:${socket.remotePort ?? 0}` },
    };
    const framer = new MessageFramer();
    // Requests on one connection are answered in order, even when a handler waits on a lock.
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      let messages: Buffer[];
      try {
        messages = framer.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const message of messages) queue = queue.then(() => this.handle(socket, message, context));
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async handle(socket: Socket, message: Buffer, context: RouterContext): Promise<void> {
    if (socket.destroyed) return;
    let request;
    try {
      request = parseMessage(message);
    } catch (error) {
      const opCode = message.readInt32LE(12);
      if (error instanceof InvalidBsonError && (opCode === OP_MSG || opCode === OP_QUERY)) {
        const reply = errorReply(new MongoCommandError(22, 'InvalidBSON', `invalid BSON in request: ${error.message}`));
        socket.write(encodeReply({ opCode, requestId: message.readInt32LE(4) }, reply));
        return;
      }
      // Anything else malformed leaves the stream in an unknown state: close rather than guess.
      socket.destroy();
      return;
    }
    let reply;
    try {
      reply = await runCommand(context, request.database, request.command, message.length);
      // Journal before acknowledging.
      this.storage.flush();
    } catch (error) {
      reply = errorReply(error);
    }
    if (request.moreToCome || socket.destroyed) return;
    socket.write(encodeReply(request, reply));
  }

  async stop(): Promise<void> {
    clearInterval(this.maintenance);
    clearInterval(this.housekeeping);
    this.sessions.abortAll();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    if (this.journal) {
      this.storage.flush();
      this.journal.compact();
      this.journal.close();
      this.storage.setSink(undefined);
      this.journal = undefined;
    }
  }
}
