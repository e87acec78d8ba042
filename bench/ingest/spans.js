// Where the time of one one-event recordActivities call goes (issue 13, ADR 109): the same alternating loop as phase 1
// of bench/ingest (through the gateway, then straight to activity-logs, signed like the gateway signs), with each
// call cut into wall-clock spans from Node's own HTTP diagnostics channels (no code of the gateway is touched):
//   client → gateway           from the client's fetch to the gateway's server seeing the request
//   gateway in → upstream out  body read, parse, validate, authentication, limits, plan, plugins, signing
//   hop out                    gateway's upstream request created → activity-logs' server seeing it
//   activity-logs              its server seeing the request → its response finished
//   hop back                   activity-logs' response finished → the gateway's upstream response complete
//   gateway out                upstream response complete → the gateway's response finished
//   → client                   the gateway's response finished → the client holding the parsed answer
// and the process's CPU time per call on each path (everything runs in this process, so the CPU difference is what
// the gateway and its extra hop cost, whatever the machine's load). Also counts new TCP connections per call.
// Run from the repo root after building: node bench/ingest/spans.js
// Knobs: BENCH_SINGLES (calls per path, default 300), BENCH_PAUSE_MS (default 0: a pause before each call, so that
// the work the previous call left to the in-process consumers is not counted in the next call), BENCH_PROFILE=<file.cpuprofile> (CPU profile of the loop).
import { channel } from 'node:diagnostics_channel';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { callSubgraph } from '@vigil/core';
import { startProfile, stopProfile } from '../support/profile.js';
import { accountIds, graphqlCaller, ingestEvents, recordMutation, registerAccounts, startBenchStack } from '../support/stack.js';

const SINGLES = Number(process.env.BENCH_SINGLES ?? 300);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 0);
const TENANT = 'bench-spans';

const mongo = await EmbeddedMongo.start();
const stack = await startBenchStack({ MONGODB_URI: mongo.uri });
try {
  const activity = stack.subgraphs.get('activity-logs');
  if (!activity) throw new Error('The stack has no activity-logs subgraph (stack/src/subgraphs.ts).');
  const gatewayPort = Number(new URL(stack.gatewayUrl).port);
  const activityPort = Number(new URL(activity.url).port);
  const accounts = accountIds(200, TENANT);
  await registerAccounts(stack, TENANT, accounts);
  const event = ingestEvents(accounts, TENANT);
  const token = await stack.token({ roles: ['INGEST'], tenants: [TENANT] });
  const identity = { subject: 'bench-spans', roles: ['INGEST'], tenantIds: [TENANT], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
  const call = graphqlCaller(stack.gatewayUrl);
  const viaGateway = async () => (await call(token, recordMutation(TENANT), { events: [event()] })).recordActivities.recordedCount;
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
    ['http.server.request.start', ({ request }) => {
      if (serverPort(request) === gatewayPort) mark('gatewayIn');
      if (serverPort(request) === activityPort) mark('activityIn');
    }],
    ['http.server.response.finish', ({ request }) => {
      if (serverPort(request) === gatewayPort) mark('gatewayOut');
      if (serverPort(request) === activityPort) mark('activityOut');
    }],
    // Only the gateway uses node:http as a client here (the bench's client and callSubgraph use fetch/undici).
    ['http.client.request.start', () => mark('upstreamOut')],
    ['http.client.response.finish', ({ response }) => response.once('end', () => mark('upstreamBack'))],
    ['net.client.socket', () => (newSockets += 1)],
  ];
  for (const [name, handler] of subscriptions) channel(name).subscribe(handler);

  const timed = async (send) => {
    marks = {};
    const sockets = newSockets;
    const cpu = process.cpuUsage();
    const started = performance.now();
    if ((await send()) !== 1) throw new Error('one event per call, one recorded');
    const done = performance.now();
    const used = process.cpuUsage(cpu);
    // The pause after the call: what the call left to the in-process consumers runs here, measured apart.
    const before = process.cpuUsage();
    if (PAUSE_MS > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const after = process.cpuUsage(before);
    return {
      started,
      done,
      marks,
      cpu: (used.user + used.system) / 1000,
      after: (after.user + after.system) / 1000,
      sockets: newSockets - sockets,
    };
  };
  const gatewaySpans = (t) => ({
    'client → gateway': t.marks.gatewayIn - t.started,
    'gateway in → upstream out': t.marks.upstreamOut - t.marks.gatewayIn,
    'hop out': t.marks.activityIn - t.marks.upstreamOut,
    'activity-logs': t.marks.activityOut - t.marks.activityIn,
    'hop back': t.marks.upstreamBack - t.marks.activityOut,
    'gateway out': t.marks.gatewayOut - t.marks.upstreamBack,
    '→ client': t.done - t.marks.gatewayOut,
    total: t.done - t.started,
    'CPU (process)': t.cpu,
    'CPU in the pause after': t.after,
  });
  const directSpans = (t) => ({
    'client → activity-logs': t.marks.activityIn - t.started,
    'activity-logs': t.marks.activityOut - t.marks.activityIn,
    '→ client': t.done - t.marks.activityOut,
    total: t.done - t.started,
    'CPU (process)': t.cpu,
    'CPU in the pause after': t.after,
  });

  for (let i = 0; i < 20; i += 1) {
    await timed(viaGateway);
    await timed(direct);
  }
  const profiler = await startProfile();
  const gateway = [];
  const straight = [];
  for (let i = 0; i < SINGLES; i += 1) {
    gateway.push(await timed(viaGateway));
    straight.push(await timed(direct));
  }
  await stopProfile(profiler, process.env.BENCH_PROFILE);
  for (const [name, handler] of subscriptions) channel(name).unsubscribe(handler);

  const median = (values) => {
    const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const table = (runs, spans) => {
    const rows = runs.map(spans);
    return Object.keys(rows[0]).map((name) => [name, median(rows.map((row) => row[name]))]);
  };
  const print = (title, rows) => {
    console.log(title);
    for (const [name, ms] of rows) console.log(`  ${name.padEnd(28)} ${ms.toFixed(2)} ms`);
  };
  print(`through the gateway (${SINGLES} calls, medians per span):`, table(gateway, gatewaySpans));
  print(`straight to activity-logs (${SINGLES} calls, alternating):`, table(straight, directSpans));
  const paired = gateway.map((g, i) => g.done - g.started - (straight[i].done - straight[i].started));
  const pairedCpu = gateway.map((g, i) => g.cpu - straight[i].cpu);
  const pairedAll = gateway.map((g, i) => g.cpu + g.after - (straight[i].cpu + straight[i].after));
  console.log(`gateway overhead (paired medians): wall ${median(paired).toFixed(2)} ms, CPU ${median(pairedCpu).toFixed(2)} ms`);
  if (PAUSE_MS > 0) console.log(`  CPU of the call and the pause after it, together: ${median(pairedAll).toFixed(2)} ms`);
  const sockets = (runs) => runs.reduce((total, run) => total + run.sockets, 0);
  console.log(`new TCP connections during the loop: ${sockets(gateway)} on gateway calls, ${sockets(straight)} on direct calls`);
} finally {
  await stack.stop();
  await mongo.stop();
}
