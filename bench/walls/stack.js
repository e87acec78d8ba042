// The walls benchmark's graph: gateway, four subgraphs and embedded MongoDB in this one process (startStack).
// Answers the orchestrator over IPC: tokens, the subgraph endpoints (for a second gateway), shared-subscription
// counts. SIGTERM stops it.
import { Socket } from 'node:net';
import { startStack } from '@vigil/stack';
import { WebSocket } from 'ws';

// Bench-only instrumentation: when the gateway wrote the first and the last `next` frame to a wall (epoch ms), so
// the figures separate the server's fan-out from the subscribers' own reading. The gateway writes each `next` as one
// pre-built text frame straight to the wall's TCP socket (ADR 105): a buffer starting with FIN + text (0x81); a
// `next` sent through ws (a result with errors, or a gateway before ADR 105) is marked at `send`.
// Only the first `expected` frames of a round count: another alert of the same round (another rule) may follow.
// The process's CPU time (user + system, ms) from the first to the `expected`-th frame: what the fan-out cost,
// which outside load on a shared machine inflates much less than the elapsed time (two getrusage calls a round).
const writes = { first: undefined, last: undefined, count: 0, expected: Infinity, cpuMs: undefined };
let cpuAtFirst;
const mark = () => {
  const at = performance.timeOrigin + performance.now();
  if (writes.first === undefined) {
    writes.first = at;
    cpuAtFirst = process.cpuUsage();
  }
  if (writes.count < writes.expected) writes.last = at;
  writes.count += 1;
  if (writes.count === writes.expected) {
    const { user, system } = process.cpuUsage(cpuAtFirst);
    writes.cpuMs = (user + system) / 1000;
  }
};
const NEXT = Buffer.from('"type":"next"');
const write = Socket.prototype.write;
Socket.prototype.write = function (data, ...rest) {
  if (Buffer.isBuffer(data) && data[0] === 0x81 && data.includes(NEXT)) mark();
  return write.call(this, data, ...rest);
};
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data, ...rest) {
  if (typeof data === 'string' && data.includes('"type":"next"')) mark();
  return send.call(this, data, ...rest);
};

const TENANT = process.env.WALLS_TENANT ?? 'demo';
const stack = await startStack({
  ports: 'ephemeral',
  env: { ...process.env, LOG_LEVEL: 'silent', MONGO_DATA_DIR: '' },
});
const subject = (i) => `wall-${i}`;
const walls = await Promise.all(
  // A few subjects: walls of different agents with the same role and tenant (what a floor looks like).
  Array.from({ length: 10 }, (_, i) => stack.token({ roles: ['SECURITY_ANALYST'], tenants: [TENANT], subject: subject(i) })),
);
process.send({
  type: 'ready',
  gatewayUrl: stack.gatewayUrl,
  subgraphs: [...stack.subgraphs.values()].map(({ name, url, server }) => ({ name, url, httpRoutes: server.httpPaths ?? [] })),
  tokens: {
    walls,
    ingest: await stack.token({ roles: ['INGEST'], tenants: [TENANT], subject: 'walls-bench-idp' }),
    admin: await stack.token({ roles: ['ADMIN'], tenants: [TENANT], subject: 'walls-bench-admin' }),
  },
});
process.on('message', (message) => {
  if (message?.type === 'shared') process.send({ type: 'shared', ...stack.sharedSubscriptions });
  if (message?.type === 'writes') {
    process.send({ type: 'writes', ...writes });
    Object.assign(writes, {
      first: undefined,
      last: undefined,
      count: 0,
      expected: message.expected ?? Infinity,
      cpuMs: undefined,
    });
  }
});
process.once('SIGTERM', async () => {
  await stack.stop();
  process.exit(0);
});
