// Who spent the CPU of a bench profile (BENCH_PROFILE=<file.cpuprofile>) when the whole stack ran in one process:
// each sample goes to the owner of the innermost frame of its stack that belongs to a known package — the gateway
// (Vigil's gateway code and its runtime: graphql-yoga, @whatwg-node, @envelop, @graphql-hive, @graphql-mesh,
// @graphql-tools executors), the subgraphs and their consumers (Apollo Server, mongoose, the MongoDB driver, BSON,
// embedded-mongo, @vigil/core, the subgraphs' code), or the bench's client (undici, bench/). Samples whose stack
// has none of them (Node's stream and socket internals called from the event loop, microtask ticks) stay
// "unattributed"; garbage collection, idle and (program) are V8's own. Then the gateway's samples by package and
// by function (self time), per call when `calls` is given.
// Run: node bench/support/profile-owners.js <file.cpuprofile> [calls]
import { readFileSync } from 'node:fs';

const [file, callsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/support/profile-owners.js <file.cpuprofile> [calls]');
const calls = Number(callsArg ?? 0);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

/** The package (or Vigil workspace, or Node module) a frame's script belongs to. */
const packageOf = (url) => {
  const modules = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/g);
  if (modules) return modules[modules.length - 1].replace('node_modules/', '');
  const workspace = url.match(/\/(gateway|shared\/[^/]+|subgraphs\/[^/]+|stack|bench)\/(dist|src|ingest|support)\//);
  if (workspace) return `vigil:${workspace[1]}`;
  return url;
};
const OWNERS = [
  [
    'gateway',
    /^(vigil:gateway|@graphql-hive\/|graphql-yoga|@graphql-yoga\/|@whatwg-node\/|@envelop\/|@graphql-mesh\/|@graphql-tools\/(executor|batch-execute|federation|delegate|utils))/,
  ],
  ['subgraphs and consumers', /^(vigil:subgraphs|vigil:shared\/|@apollo\/|mongoose|mongodb|bson|mingo)/],
  ['client', /^(undici|vigil:bench)/],
];
const ownerOf = (node) => {
  for (let id = node.id; id !== undefined; id = parentOf.get(id)) {
    const pkg = packageOf(nodes.get(id).callFrame.url);
    for (const [owner, pattern] of OWNERS) if (pattern.test(pkg)) return owner;
  }
  const name = node.callFrame.functionName;
  return name.startsWith('(') ? name : 'unattributed';
};

const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
const byOwner = new Map();
const gatewayByPackage = new Map();
const gatewayByFunction = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i + 1] ?? 0;
  const node = nodes.get(id);
  const owner = ownerOf(node);
  total += micros;
  add(byOwner, owner, micros);
  if (owner !== 'gateway') return;
  const { functionName, url, lineNumber } = node.callFrame;
  const pkg = packageOf(url) || functionName;
  add(gatewayByPackage, pkg, micros);
  add(gatewayByFunction, `${functionName || '(anonymous)'} ${pkg}:${lineNumber + 1}`, micros);
});

const show = (title, map, rows) => {
  console.log(`\n${title}`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    const perCall = calls > 0 ? `${(micros / 1000 / calls).toFixed(3).padStart(8)} ms/call  ` : '';
    console.log(
      `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${perCall}${key}`,
    );
  }
};
console.log(`${(total / 1000).toFixed(0)} ms of samples${calls > 0 ? `, ${calls} calls` : ''}`);
show('by owner', byOwner, 10);
show('gateway, self time by package', gatewayByPackage, 20);
show('gateway, self time by function', gatewayByFunction, 25);
