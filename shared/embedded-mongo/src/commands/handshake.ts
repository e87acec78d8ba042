import { ObjectId } from 'bson';
import type { Doc } from '../bson/types.js';
import type { CommandContext, CommandHandler } from './context.js';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;

const electionId = new ObjectId('7fffffff0000000000000001');

/**
 * `hello` / `isMaster` as a MongoDB 7.0 single-node replica set primary. `hosts` holds this server's own
 * address, so a URI with `replicaSet=` discovers it and one with `directConnection=true` uses it directly.
 * `logicalSessionTimeoutMinutes` enables sessions; no `topologyVersion`, so the driver polls (no exhaust).
 */
function hello(ctx: CommandContext, legacy: boolean): Doc {
  const me = `${ctx.server.host}:${ctx.server.port}`;
  const reply: Doc = {
    ...(ctx.command.helloOk === true ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    topologyVersion: undefined,
    hosts: [me],
    setName: ctx.server.setName,
    setVersion: 1,
    secondary: false,
    primary: me,
    me,
    electionId,
    lastWrite: { lastWriteDate: new Date(), majorityWriteDate: new Date() },
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
  delete reply.topologyVersion;
  return reply;
}

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: (ctx) => hello(ctx, false),
  ismaster: (ctx) => hello(ctx, true),
  isMaster: (ctx) => hello(ctx, true),
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: SERVER_VERSION,
    gitVersion: 'vigil-embedded-mongo',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['vigil-embedded'],
    javascriptEngine: 'none',
    modules: [],
    ok: 1,
  }),
  getParameter: (ctx) =>
    ctx.command.featureCompatibilityVersion ? { featureCompatibilityVersion: { version: '7.0' }, ok: 1 } : { ok: 1 },
  hostInfo: () => ({ system: { hostname: '127.0.0.1' }, os: {}, extra: {}, ok: 1 }),
  whatsmyuri: (ctx) => ({ you: ctx.connection.remote, ok: 1 }),
  getLastError: () => ({ n: 0, err: null, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  serverStatus: (ctx) => ({
    host: `${ctx.server.host}:${ctx.server.port}`,
    version: SERVER_VERSION,
    process: 'vigil-mongo',
    uptime: Math.floor((Date.now() - ctx.server.startedAt.getTime()) / 1000),
    localTime: new Date(),
    ok: 1,
  }),
  replSetGetStatus: (ctx) => ({
    set: ctx.server.setName,
    date: new Date(),
    myState: 1,
    members: [{ _id: 0, name: `${ctx.server.host}:${ctx.server.port}`, health: 1, state: 1, stateStr: 'PRIMARY', self: true }],
    ok: 1,
  }),
};
