// Gateway throughput on the public federation benchmark's shape (four subgraphs accounts / inventory / products /
// reviews, the nested users → reviews → product → reviews → author → reviews → product query, ~88 KB answer,
// 50 connections). In ONE run, against the same subgraph processes:
//   (a) Vigil's gateway with JWT authentication, depth/cost limits, rate limits and Ed25519 upstream signing on
//       (the subgraphs verify every signature with @vigil/core's verifier);
//   (b) @apollo/gateway + @apollo/server over the same subgraphs (unsigned ports);
//   (c) a monolith: one graphql-js server answering the same query from the same data.
// Servers are pinned to CPU 0 and the load generator (autocannon, its own process) to CPU 1 when there are two.
// Every answer is first checked to equal the monolith's. Prints RPS, p50/p99 latency, the servers' CPU time per
// request (gateway + subgraphs, from /proc: steady on a shared machine where req/s swings) and the ratios.
//
// Run after a build: node bench/gateway/index.js   (or npm run bench -- gateway)
// Knobs: BENCH_SECONDS (seconds per target per round, default 10), BENCH_ROUNDS (default 3; the targets take turns
// each round and the medians are printed), BENCH_WARMUP_SECONDS (default 5),
// BENCH_CONNECTIONS (default 50), BENCH_PORT_BASE (default 7200; uses the next 13 ports),
// BENCH_TARGETS (comma list of vigil,apollo,monolith; default all), BENCH_SERVER_NODE_OPTIONS (Node flags of every
// server, default --max-semi-space-size=64), BENCH_PROFILE=1 (Vigil's gateway and the subgraphs
// with --cpu-prof into bench/gateway/profiles/).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateGatewaySigningKey } from '@vigil/core';
import { mintDevToken } from '@vigil/gateway';

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 3);
const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const portBase = Number(process.env.BENCH_PORT_BASE ?? 7200);
const targets = (process.env.BENCH_TARGETS ?? 'vigil,apollo,monolith').split(',');
const pinned = availableParallelism() >= 2 && spawnable('taskset');
const query = readFileSync(join(here, 'query.graphql'), 'utf8');

const key = generateGatewaySigningKey('bench-gateway');
const secret = 'bench-gateway-jwt-secret-of-at-least-32-bytes';
const env = {
  ...process.env,
  // Every server runs as in production (graphql-js skips its development checks) with a larger young generation
  // (fewer scavenges for request garbage); the same for Vigil, Apollo, the monolith and the subgraphs.
  NODE_ENV: 'production',
  NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS ?? '--max-semi-space-size=64',
  SIGNED_PORT_BASE: String(portBase + 1),
  PLAIN_PORT_BASE: String(portBase + 5),
  BENCH_GATEWAY_JWK: JSON.stringify(key.publicJwk),
  BENCH_GATEWAY_SIGNING_KEY: JSON.stringify({ ...key.privateKey.export({ format: 'jwk' }), kid: key.kid }),
  BENCH_JWT_SECRET: secret,
};
const ports = { vigil: portBase + 10, apollo: portBase + 11, monolith: portBase + 12 };
const token = await mintDevToken({ subject: 'bench', roles: ['SECURITY_ANALYST'], tenants: ['bench'], ttlSeconds: 3600, secret });
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const body = JSON.stringify({ query, operationName: 'TestQuery' });

const children = [];
const pids = {};
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
try {
  const profile = (name) => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(here, 'profiles', name)}`] : []);
  pids.subgraphs = await start('subgraphs.js', {}, profile('subgraphs'));
  // The monolith always runs: its answer is the reference every target's answer must equal.
  for (const target of new Set([...targets, 'monolith'])) {
    pids[target] = await start(`${target}.js`, { PORT: String(ports[target]) }, target === 'vigil' ? profile('vigil') : []);
  }
  const expected = await answer(ports.monolith);
  console.log(
    `answer: ${(expected.length / 1024).toFixed(1)} KB; servers ${pinned ? 'on CPU 0, load on CPU 1' : 'unpinned'}; ${connections} connections; ${warmup} s warm-up, then ${roundCount} rounds of ${seconds} s per target`,
  );
  const url = (target) => `http://127.0.0.1:${ports[target]}/graphql`;
  for (const target of targets) {
    const got = await answer(ports[target]);
    if (got !== expected) throw new Error(`${target} answered differently from the monolith:\n${got.slice(0, 500)}`);
    await load({ url: url(target), seconds: warmup });
  }
  // Rounds interleave the targets, so a burst of load from elsewhere on a shared machine hits all of them alike.
  const rounds = Object.fromEntries(targets.map((target) => [target, []]));
  for (let round = 1; round <= roundCount; round += 1) {
    for (const target of targets) {
      // CPU time of the processes serving this target (a gateway's includes the subgraphs'): unlike req/s, it
      // hardly moves when other work shares the machine.
      const serving = target === 'monolith' ? [pids.monolith] : [pids[target], pids.subgraphs];
      const cpuBefore = serving.map((pid) => cpuMs([pid]));
      const r = await load({ url: url(target), seconds });
      const used = serving.map((pid, i) => (cpuMs([pid]) - cpuBefore[i]) / r.requests);
      r.cpuPerRequest = used.reduce((a, b) => a + b, 0);
      r.cpuSubgraphs = used[1] ?? 0;
      // A refusal (rate limit, auth, limits) would measure the refusal: stop. Client-side timeouts are counted.
      if (r.non2xx > 0) throw new Error(`${target}: ${r.non2xx} non-2xx answers`);
      rounds[target].push(r);
    }
  }
  const results = {};
  for (const target of targets) {
    const runs = rounds[target];
    const r = {
      rps: median(runs.map((x) => x.rps)),
      p50: median(runs.map((x) => x.p50)),
      p99: median(runs.map((x) => x.p99)),
      cpu: median(runs.map((x) => x.cpuPerRequest)),
      cpuSubgraphs: median(runs.map((x) => x.cpuSubgraphs)),
      errors: runs.reduce((sum, x) => sum + x.errors, 0),
    };
    results[target] = r;
    const each = runs.map((x) => x.rps.toFixed(0)).join(' / ');
    console.log(
      `${target.padEnd(9)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  CPU ${r.cpu.toFixed(2)} ms/request${r.cpuSubgraphs ? ` (subgraphs ${r.cpuSubgraphs.toFixed(2)})` : ''}  (medians of ${roundCount} rounds; req/s per round ${each}${r.errors ? `; ${r.errors} timeouts/socket errors` : ''})`,
    );
  }
  const ratio = (a, b) => (results[a] && results[b] ? (results[a].rps / results[b].rps).toFixed(2) : 'n/a');
  console.log(`ratios (req/s): vigil/apollo ${ratio('vigil', 'apollo')}x  vigil/monolith ${ratio('vigil', 'monolith')}x`);
  const cpuRatio = (a, b) => (results[a] && results[b] ? (results[b].cpu / results[a].cpu).toFixed(2) : 'n/a');
  console.log(
    `ratios (requests per CPU second, servers' CPU incl. subgraphs): vigil/apollo ${cpuRatio('vigil', 'apollo')}x  vigil/monolith ${cpuRatio('vigil', 'monolith')}x`,
  );
} finally {
  await Promise.all(children.map(stop));
}

/** Starts a server script (pinned to CPU 0 when possible) and waits for its "ready" line. */
function start(script, extraEnv, nodeFlags = []) {
  const args = [...nodeFlags, join(here, script)];
  const child = pinned
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], {
        env: { ...env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawn(process.execPath, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('ready')) resolve(child.pid);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
}

/** SIGINT (the Vigil gateway stops cleanly and writes its profile), SIGKILL if still running 10 s later. */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return exited.finally(() => clearTimeout(timer));
}

/** The answer's JSON text, normalised (parsed and re-serialised) so that whitespace does not count. */
async function answer(port) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`port ${port}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.stringify(JSON.parse(text));
}

/** Runs the load generator in its own process (CPU 1 when pinned) and returns its figures. */
function load({ url, seconds: duration }) {
  const job = JSON.stringify({ url, body, headers, connections, seconds: duration });
  const args = [join(here, 'load.js'), job];
  const child = pinned ? spawn('taskset', ['-c', '1', process.execPath, ...args]) : spawn(process.execPath, args);
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`load exited ${code}`)),
    ),
  );
}

/** User + system CPU milliseconds the processes have used so far (Linux /proc; taskset execs, so pids match). */
function cpuMs(processIds) {
  let ticks = 0;
  for (const pid of processIds) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / clockTicks;
}

function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function spawnable(command) {
  return spawnSync(command, ['-V']).status === 0;
}
