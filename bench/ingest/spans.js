// Where the time of a one-event recordActivities call goes (issue 13, ADR 109). Three paths take turns call by call:
//   in-process gateway   the stack's gateway, in this process (phase 1 of bench/ingest calls the same gateway, with
//                        the client in a process of its own since ADR 164);
//   own-process gateway  a second gateway over the same subgraphs in a process of its own, as production runs it;
//   direct               straight to activity-logs, signed like the gateway signs.
// Each call of the in-process path is cut into wall-clock spans from Node's own HTTP diagnostics channels (no code of
// the gateway is touched):
//   client → gateway           the client's fetch until the gateway's server sees the request
//   gateway in → upstream out  body read, parse, validate, authentication, limits, plan, plugins, signing
//   hop out                    the gateway's upstream request created → activity-logs' server sees it
//   activity-logs              its server sees the request → its response is finished
//   hop back                   activity-logs' response finished → the gateway holds the whole upstream answer
//   gateway out                the upstream answer → the gateway's response finished
//   → client                   the gateway's response finished → the client holds the parsed answer
// Also the CPU time per call: of this process (stack, in-process gateway, client) and of the own-process gateway.
// Everything but that second gateway runs in this process, and the chain consumers' work after each recorded event
// (activity-logs, accounts, alerts) runs whenever the event loop is free, inside whichever call is waiting on I/O
// at that moment. With BENCH_PAUSE_MS, a pause follows every call and the CPU spent in it is reported apart: the
// difference between "in the call" and "in the call and the pause after it" is work the call only waited for.
// The own-process gateway runs with NODE_ENV=production, as the Docker image runs every service (ADR 112): the stack
// and it then share a signing key and JWT secret made for the run (production refuses the dev ones).
// Run from the repo root after building: node bench/ingest/spans.js
// Knobs: BENCH_SINGLES (calls per path, default 300), BENCH_PAUSE_MS (pause after each call, default 0),
// BENCH_PROFILE=<file.cpuprofile> (CPU profile of this process during the loop), BENCH_GATEWAY_PROFILE=<file> (of the
// own-process gateway during the loop); read either with bench/support/profile-owners.js.
// BENCH_COMPARE=<another checkout, built> adds a fourth path: an own-process gateway started from that checkout's
// build (its bench/support/gateway-process.js), taking turns with this one (the two swap places every other turn),
// and prints the paired differences — an A/B of two builds under the same load, call by call.
import { randomBytes } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { callSubgraph, generateGatewaySigningKey } from '@vigil/core';
import { startGatewayProcess } from '../support/gateway-process.js';
import { startProfile, stopProfile } from '../support/profile.js';
import {
  accountIds,
  benchStackEnv,
  graphqlCaller,
  ingestEvents,
  recordMutation,
  registerAccounts,
  startBenchStack,
} from '../support/stack.js';

const SINGLES = Number(process.env.BENCH_SINGLES ?? 300);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 0);
const TENANT = 'bench-spans';

const COMPARE = process.env.BENCH_COMPARE;

const key = generateGatewaySigningKey('bench-spans');
const secrets = {
  GATEWAY_SIGNING_KEY: JSON.stringify({ ...key.privateKey.export({ format: 'jwk' }), kid: key.kid }),
  JWT_SECRET: randomBytes(32).toString('base64url'),
};
const mongo = await EmbeddedMongo.start();
const stack = await startBenchStack({ MONGODB_URI: mongo.uri, ...secrets });
const productionEnv = benchStackEnv({ MONGODB_URI: mongo.uri, ...secrets, NODE_ENV: 'production' });
const own = await startGatewayProcess(stack, productionEnv, { profileFile: process.env.BENCH_GATEWAY_PROFILE });
const other = COMPARE
  ? await (
      await import(pathToFileURL(join(resolve(COMPARE), 'bench/support/gateway-process.js')).href)
    ).startGatewayProcess(stack, productionEnv)
  : undefined;
try {
  const activity = stack.subgraphs.get('activity-logs');
  if (!activity) throw new Error('The stack has no activity-logs subgraph (stack/src/subgraphs.ts).');
  const gatewayPort = Number(new URL(stack.gatewayUrl).port);
  const activityPort = Number(new URL(activity.url).port);
  const accounts = accountIds(200, TENANT);
  await registerAccounts(stack, TENANT, accounts);
  const event = ingestEvents(accounts, TENANT);
  const token = await stack.token({ roles: ['INGEST'], tenants: [TENANT] });
  const identity = {
    subject: 'bench-spans',
    roles: ['INGEST'],
    tenantIds: [TENANT],
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
  const through = (url) => {
    const call = graphqlCaller(url);
    return async () => (await call(token, recordMutation(TENANT), { events: [event()] })).recordActivities.recordedCount;
  };
  const direct = async () => {
    const result = await callSubgraph(
      activity.url,
      { query: recordMutation(TENANT), variables: { events: [event()] } },
      { identity, signingKey: stack.config.GATEWAY_SIGNING_KEY, audience: 'activity-logs', timeoutMs: 30_000 },
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data.recordActivities.recordedCount;
  };

  // The marks of the call in flight (calls are sequential), by name.
  let marks = {};
  let newSockets = 0;
  const mark = (name) => {
    marks[name] ??= performance.now();
  };
  const serverPort = (request) => request.socket?.localPort;
  const subscriptions = [
    [
      'http.server.request.start',
      ({ request }) => {
        if (serverPort(request) === gatewayPort) mark('gatewayIn');
        if (serverPort(request) === activityPort) mark('activityIn');
      },
    ],
    [
      'http.server.response.finish',
      ({ request }) => {
        if (serverPort(request) === gatewayPort) mark('gatewayOut');
        if (serverPort(request) === activityPort) mark('activityOut');
      },
    ],
    // In this process only the gateway is a node:http client (the bench's client and callSubgraph use fetch/undici).
    ['http.client.request.start', () => mark('upstreamOut')],
    ['http.client.response.finish', ({ response }) => response.once('end', () => mark('upstreamBack'))],
    ['net.client.socket', () => (newSockets += 1)],
  ];
  for (const [name, handler] of subscriptions) channel(name).subscribe(handler);

  const cpuMs = (used) => (used.user + used.system) / 1000;
  const timed = async (send, gateway = own) => {
    marks = {};
    const sockets = newSockets;
    const ownBefore = await gateway.cpu();
    const cpu = process.cpuUsage();
    const started = performance.now();
    if ((await send()) !== 1) throw new Error('one event per call, one recorded');
    const done = performance.now();
    const used = cpuMs(process.cpuUsage(cpu));
    const ownUsed = (await gateway.cpu()) - ownBefore;
    // The pause after the call: what the call left to the in-process consumers runs here, measured apart.
    const paused = process.cpuUsage();
    if (PAUSE_MS > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const after = cpuMs(process.cpuUsage(paused));
    return { started, done, marks, cpu: used, ownCpu: ownUsed, after, sockets: newSockets - sockets };
  };
  const cpuRows = (t) => ({
    'CPU, this process': t.cpu,
    ...(PAUSE_MS > 0 ? { 'CPU, the pause after': t.after } : {}),
  });
  const inProcessSpans = (t) => ({
    'client → gateway': t.marks.gatewayIn - t.started,
    'gateway in → upstream out': t.marks.upstreamOut - t.marks.gatewayIn,
    'hop out': t.marks.activityIn - t.marks.upstreamOut,
    'activity-logs': t.marks.activityOut - t.marks.activityIn,
    'hop back': t.marks.upstreamBack - t.marks.activityOut,
    'gateway out': t.marks.gatewayOut - t.marks.upstreamBack,
    '→ client': t.done - t.marks.gatewayOut,
    total: t.done - t.started,
    ...cpuRows(t),
  });
  // Seen from this process, a gateway in its own process is part of the hop to activity-logs: the same spans as the
  // direct call, plus that process's CPU.
  const directSpans = (t) => ({
    'client → activity-logs': t.marks.activityIn - t.started,
    'activity-logs': t.marks.activityOut - t.marks.activityIn,
    '→ client': t.done - t.marks.activityOut,
    total: t.done - t.started,
    ...cpuRows(t),
  });
  const ownProcessSpans = (t) => ({ ...directSpans(t), 'CPU, the gateway process': t.ownCpu });

  const paths = [
    { name: 'through the in-process gateway', send: through(stack.gatewayUrl), spans: inProcessSpans, runs: [] },
    { name: 'through a gateway in its own process', send: through(own.url), spans: ownProcessSpans, runs: [] },
    { name: 'straight to activity-logs (signed)', send: direct, spans: directSpans, runs: [] },
    ...(other
      ? [
          {
            name: `through a gateway built from ${COMPARE}`,
            send: through(other.url),
            spans: ownProcessSpans,
            runs: [],
            gateway: other,
          },
        ]
      : []),
  ];
  for (let i = 0; i < 20; i += 1) for (const path of paths) await timed(path.send, path.gateway);
  const profiler = await startProfile();
  if (process.env.BENCH_GATEWAY_PROFILE) await own.profile();
  // With BENCH_COMPARE, the two own-process gateways swap places every other turn: the place in the turn alone moves
  // a gateway's figures (the one right after the in-process call measured ~0.1 ms CPU and ~0.3 ms wall higher in an
  // A/A run, ADR 112).
  const swapped = paths.length === 4 ? [paths[0], paths[3], paths[2], paths[1]] : paths;
  for (let i = 0; i < SINGLES; i += 1)
    for (const path of i % 2 === 0 ? paths : swapped) path.runs.push(await timed(path.send, path.gateway));
  await stopProfile(profiler, process.env.BENCH_PROFILE);
  for (const [name, handler] of subscriptions) channel(name).unsubscribe(handler);

  const median = (values) => {
    const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  console.log(
    `${SINGLES} one-event calls per path, the paths taking turns${PAUSE_MS > 0 ? `, ${PAUSE_MS} ms pause after each call` : ''}; medians:`,
  );
  for (const path of paths) {
    const rows = path.runs.map(path.spans);
    console.log(`${path.name}:`);
    for (const name of Object.keys(rows[0]))
      console.log(`  ${name.padEnd(28)} ${median(rows.map((row) => row[name])).toFixed(2)} ms`);
  }
  const [inProcess, ownProcess, straight, compared] = paths.map((path) => path.runs);
  const overhead = (runs, measure) => median(runs.map((run, i) => measure(run) - measure(straight[i]))).toFixed(2);
  const wall = (run) => run.done - run.started;
  const cpu = (run) => run.cpu;
  const cpuWithPause = (run) => run.cpu + run.after;
  console.log('gateway overhead per call (minus the direct call of the same turn, median):');
  console.log(`  in-process gateway: wall ${overhead(inProcess, wall)} ms, CPU of this process ${overhead(inProcess, cpu)} ms`);
  if (PAUSE_MS > 0)
    console.log(`    CPU of this process in the call and the pause after it: ${overhead(inProcess, cpuWithPause)} ms`);
  console.log(
    `  own-process gateway: wall ${overhead(ownProcess, wall)} ms; its process's CPU ${median(ownProcess.map((run) => run.ownCpu)).toFixed(2)} ms`,
  );
  if (compared) {
    const paired = (measure) => median(ownProcess.map((run, i) => measure(run) - measure(compared[i]))).toFixed(2);
    console.log(
      `  gateway built from ${COMPARE}: wall ${overhead(compared, wall)} ms; its process's CPU ${median(compared.map((run) => run.ownCpu)).toFixed(2)} ms`,
    );
    console.log(
      `  this build minus that one, same turn (median): wall ${paired(wall)} ms, gateway CPU ${paired((run) => run.ownCpu)} ms`,
    );
  }
  const sockets = (runs) => runs.reduce((total, run) => total + run.sockets, 0);
  console.log(
    `new TCP connections in this process during the loop: ${paths.map((p) => `${sockets(p.runs)} (${p.name})`).join(', ')}`,
  );
} finally {
  await own.stop();
  await other?.stop();
  await stack.stop();
  await mongo.stop();
}
