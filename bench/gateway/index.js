// Gateway throughput on the public federation benchmark's shape (four subgraphs accounts / inventory / products /
// reviews, the nested users → reviews → product → reviews → author → reviews → product query, ~88 KB answer,
// 50 connections). In ONE run, against the same subgraph processes:
//   (a) Vigil's gateway with JWT authentication, depth/cost limits, rate limits and Ed25519 upstream signing on
//       (the subgraphs verify every signature with @vigil/core's verifier);
//   (b) @apollo/gateway + @apollo/server over the same subgraphs (unsigned ports);
//   (c) a monolith: one graphql-js server answering the same query from the same data.
// Servers are pinned to CPU 0 and the load generator (autocannon, its own process) to CPU 1 when there are two.
// Every answer is first checked to equal the monolith's. Prints RPS, p50/p99 latency and the ratios.
//
// Run after a build: node bench/gateway/index.js   (or npm run bench -- gateway)
// Knobs: BENCH_SECONDS (measured seconds per target, default 15), BENCH_WARMUP_SECONDS (default 5),
// BENCH_CONNECTIONS (default 50), BENCH_PORT_BASE (default 7200; uses the next 13 ports),
// BENCH_TARGETS (comma list of vigil,apollo,monolith; default all), BENCH_PROFILE=1 (Vigil's gateway and the subgraphs
// with --cpu-prof into bench/gateway/profiles/).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateGatewaySigningKey } from '@vigil/core';
import { mintDevToken } from '@vigil/gateway';

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
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
try {
  const profile = (name) => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(here, 'profiles', name)}`] : []);
  await start('subgraphs.js', {}, profile('subgraphs'));
  for (const target of targets) {
    await start(`${target}.js`, { PORT: String(ports[target]) }, target === 'vigil' ? profile('vigil') : []);
  }
  const expected = await answer(ports.monolith);
  console.log(
    `answer: ${(expected.length / 1024).toFixed(1)} KB; servers ${pinned ? 'on CPU 0, load on CPU 1' : 'unpinned'}; ${connections} connections, ${warmup} s warm-up + ${seconds} s each`,
  );
  const results = {};
  for (const target of targets) {
    const got = await answer(ports[target]);
    if (got !== expected) throw new Error(`${target} answered differently from the monolith:\n${got.slice(0, 500)}`);
    const url = `http://127.0.0.1:${ports[target]}/graphql`;
    await load({ url, seconds: warmup });
    results[target] = await load({ url, seconds });
    const r = results[target];
    console.log(
      `${target.padEnd(9)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.requests} requests, non-2xx ${r.non2xx}, errors ${r.errors})`,
    );
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`${target}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  }
  const ratio = (a, b) => (results[a] && results[b] ? (results[a].rps / results[b].rps).toFixed(2) : 'n/a');
  console.log(`ratios (req/s): vigil/apollo ${ratio('vigil', 'apollo')}x  vigil/monolith ${ratio('vigil', 'monolith')}x`);
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
      if (out.includes('ready')) resolve();
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

function spawnable(command) {
  return spawnSync(command, ['-V']).status === 0;
}
