// The walls benchmark's graph: gateway, four subgraphs and embedded MongoDB in this one process (startStack).
// Answers the orchestrator over IPC: tokens, the subgraph endpoints (for a second gateway), shared-subscription
// counts. SIGTERM stops it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { startStack } from '@vigil/stack';
import { WebSocket } from 'ws';
import { AlertTrace } from './trace.js';

// Bench-only instrumentation: when the gateway wrote the first and the last `next` frame to a wall (epoch ms), so
// the figures separate the server's fan-out from the subscribers' own reading. The gateway writes each `next` as one
// pre-built text frame straight to the wall's TCP socket (ADR 105): a buffer starting with FIN + text (0x81); a
// `next` sent through ws (a result with errors, or a gateway before ADR 105) is marked at `send`.
// Only frames on the gateway's own sockets count: the subgraphs' graphql-ws servers send their upstream `next` frames
// through ws in this process too (WALLS_TRACE marks those as steps of the budget).
// Only the first `expected` frames of a round count: another alert of the same round (another rule) may follow.
// The process's CPU time (user + system, ms) from the first to the `expected`-th frame: what the fan-out cost,
// which outside load on a shared machine inflates much less than the elapsed time (two getrusage calls a round).
// And the CPU time from the reset (just before the mutation is sent) to the first frame: the whole path's CPU.
const writes = { first: undefined, last: undefined, count: 0, expected: Infinity, cpuMs: undefined, cpuToFirstMs: undefined };
let cpuAtFirst;
let cpuAtReset = process.cpuUsage();
// WALLS_CPU_PROF: the windows (µs, the monotonic clock of the V8 profile's timestamps) from each reset to the first
// frame, split where activity-logs published the batch on the bus (`activity.recorded`) and where the alerts subgraph
// announced the alert (its first ALERT_RAISED publication), written beside the profile at exit, so
// `profile-budget.js` can keep only the samples of the alert's path, phase by phase.
const windows = [];
const hrtimeUs = () => Number(process.hrtime.bigint() / 1000n);
let hrtimeAtReset = hrtimeUs();
let hrtimeAtBatch;
let hrtimeAtAnnounce;
const mark = () => {
  const at = performance.timeOrigin + performance.now();
  if (writes.first === undefined) {
    writes.first = at;
    cpuAtFirst = process.cpuUsage();
    const { user, system } = process.cpuUsage(cpuAtReset);
    writes.cpuToFirstMs = (user + system) / 1000;
    windows.push([hrtimeAtReset, hrtimeAtBatch ?? NaN, hrtimeAtAnnounce ?? NaN, hrtimeUs()]);
  }
  if (writes.count < writes.expected) writes.last = at;
  writes.count += 1;
  if (writes.count === writes.expected) {
    const { user, system } = process.cpuUsage(cpuAtFirst);
    writes.cpuMs = (user + system) / 1000;
  }
};
let gatewayPort; // set once the stack listens
let trace; // WALLS_TRACE=1: the steps of one alert (trace.js)
const frameOn = (socket) => {
  if (socket?.localPort === gatewayPort) {
    if (writes.count === 0) trace?.mark('gateway first wall frame written');
    mark();
    if (writes.count === writes.expected) trace?.mark('gateway last wall frame written');
  } else trace?.frame(socket?.localPort);
};
const NEXT = Buffer.from('"type":"next"');
const write = Socket.prototype.write;
Socket.prototype.write = function (data, ...rest) {
  if (Buffer.isBuffer(data) && data[0] === 0x81 && data.includes(NEXT)) frameOn(this);
  return write.call(this, data, ...rest);
};
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data, ...rest) {
  if (typeof data === 'string' && data.includes('"type":"next"')) frameOn(this._socket);
  return send.call(this, data, ...rest);
};

const TENANT = process.env.WALLS_TENANT ?? 'demo';
const stack = await startStack({
  ports: 'ephemeral',
  env: { ...process.env, LOG_LEVEL: 'silent', MONGO_DATA_DIR: '' },
  monitorCommands: process.env.WALLS_TRACE === '1',
});
gatewayPort = Number(new URL(stack.gatewayUrl).port);
if (process.env.WALLS_TRACE === '1') trace = new AlertTrace(stack);
const publish = stack.pubsub.publish.bind(stack.pubsub);
stack.pubsub.publish = (channel, ...rest) => {
  if (channel === 'ALERT_RAISED') hrtimeAtAnnounce ??= hrtimeUs();
  return publish(channel, ...rest);
};
const busPublish = stack.bus.publish.bind(stack.bus);
stack.bus.publish = (topic, ...rest) => {
  if (topic === 'activity.recorded') hrtimeAtBatch ??= hrtimeUs();
  return busPublish(topic, ...rest);
};
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
    auditor: await stack.token({ roles: ['AUDITOR'], tenants: [TENANT], subject: 'walls-bench-auditor' }),
  },
});
/**
 * Resolves once this process has used under a tenth of a CPU for two 50 ms windows running (at most 2 s): the work
 * the previous round left behind (an alert's bookkeeping after its walls' delivery, ADR 154, the notification worker
 * it wakes, the account's staff-action record) is done, so the timed path holds only the round's own failed logins.
 * Work that starts later on its own (ADR 148's offset saves, a second after a catch-up) still lands where it falls.
 */
async function quiet() {
  const until = Date.now() + 2_000;
  let calm = 0;
  while (calm < 2 && Date.now() < until) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const used = process.cpuUsage(before);
    calm = (used.user + used.system) / 1000 < 5 ? calm + 1 : 0;
  }
}

process.on('message', (message) => {
  if (message?.type === 'shared') process.send({ type: 'shared', ...stack.sharedSubscriptions });
  // Every bus consumer has handled what was published so far (the in-process bus; a Redis bus has no idle()).
  if (message?.type === 'idle')
    void Promise.resolve(stack.bus.idle?.())
      .then(quiet)
      .then(() => process.send({ type: 'idle' }));
  if (message?.type === 'writes') {
    process.send({ type: 'writes', ...writes, trace: trace?.take() });
    Object.assign(writes, {
      first: undefined,
      last: undefined,
      count: 0,
      expected: message.expected ?? Infinity,
      cpuMs: undefined,
      cpuToFirstMs: undefined,
    });
    cpuAtReset = process.cpuUsage();
    hrtimeAtReset = hrtimeUs();
    hrtimeAtBatch = undefined;
    hrtimeAtAnnounce = undefined;
  }
});
process.once('SIGTERM', async () => {
  if (process.env.WALLS_CPU_PROF) {
    // V8 makes the profile's folder only when it writes the profile, after this.
    mkdirSync(process.env.WALLS_CPU_PROF, { recursive: true });
    writeFileSync(join(process.env.WALLS_CPU_PROF, `walls-stack-windows-${process.pid}.json`), JSON.stringify(windows.slice(1)));
  }
  await stack.stop();
  process.exit(0);
});
