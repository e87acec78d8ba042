// Where the stack process's CPU goes between the mutation sent and its first wall frame (ADR 108): reads the stack's
// V8 CPU profile and the windows it wrote (`WALLS_CPU_PROF=<dir> node bench/walls/index.js --walls 100`), keeps the
// samples inside the windows (warm-up round left out) and sums their time by where the sampled function lives, and
// by function.
//
//   node bench/walls/profile-budget.js <dir> [--top 40]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '40' } } });
const dir = positionals[0];
if (!dir) throw new Error('usage: node bench/walls/profile-budget.js <dir> [--top 40]');
const windowFile = readdirSync(dir).find((name) => /^walls-stack-windows-\d+\.json$/.test(name));
if (!windowFile) throw new Error(`no walls-stack-windows-<pid>.json in ${dir}`);
const pid = windowFile.match(/(\d+)\.json$/)[1];
const profileFile = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && name.split('.').includes(pid));
const windows = JSON.parse(readFileSync(join(dir, windowFile), 'utf8'));
const profile = JSON.parse(readFileSync(join(dir, profileFile), 'utf8'));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
/** Where a function lives: a package, a Vigil workspace, Node's internals, or V8's pseudo-frames. */
function area(frame) {
  const url = frame.url ?? '';
  if (!url) return `(${frame.functionName || 'native'})`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const vigil = url.match(/\/(gateway|stack|bench|shared\/[^/]+|subgraphs\/[^/]+)\//);
  if (vigil) return `vigil ${vigil[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
/** The nearest Vigil function on the sample's stack (the code that caused the work), or the root's area. */
function vigilCaller(id) {
  for (let at = id; at !== undefined; at = parents.get(at)) {
    const frame = nodes.get(at).callFrame;
    const where = area(frame);
    // The bench's own wrappers (stack.js's write marks) are not the code that caused the work.
    if (where.startsWith('vigil ') && !where.includes('embedded-mongo') && where !== 'vigil bench')
      return `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*?\/(gateway|stack|bench|shared|subgraphs)\//, '$1/')}:${frame.lineNumber + 1}`;
  }
  return `(no Vigil caller: ${area(nodes.get(id).callFrame)})`;
}

const byCaller = new Map();
const byArea = new Map();
// The same time by phase (each window is [sent, batch on the bus, alert announced, first frame]), and by area.
const PHASES = [
  'mutation sent → batch published on the bus (gateway, activity-logs)',
  'batch on the bus → alert announced (detection, raise; other consumers)',
  'alert announced → first wall frame (subscription, gateway, accounts; raise bookkeeping)',
];
const phases = PHASES.map(() => ({ us: 0, byArea: new Map() }));
const byFunction = new Map();
let total = 0;
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i += 1) {
  at += profile.timeDeltas[i];
  // A sample stands for the interval up to the next one.
  const span = profile.timeDeltas[i + 1] ?? 0;
  const window = windows.find((marks) => at >= marks[0] && at < marks.at(-1));
  if (!window) continue;
  const frame = nodes.get(profile.samples[i]).callFrame;
  const where = area(frame);
  // A round without a mark (null) puts its samples in the phase before.
  let phase = 0;
  while (phase < PHASES.length - 1 && window[phase + 1] !== null && at >= window[phase + 1]) phase += 1;
  phases[phase].us += span;
  phases[phase].byArea.set(where, (phases[phase].byArea.get(where) ?? 0) + span);
  byArea.set(where, (byArea.get(where) ?? 0) + span);
  const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + span);
  const caller = vigilCaller(profile.samples[i]);
  byCaller.set(caller, (byCaller.get(caller) ?? 0) + span);
  total += span;
}
const rounds = windows.length;
const perRound = (us) => `${(us / 1000 / rounds).toFixed(1).padStart(6)} ms`;
const share = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(
  `${rounds} windows (mutation sent → first wall frame), ${perRound(total)} sampled per round; self time by area (top ${values.top}):`,
);
for (const [where, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
  console.log(`  ${perRound(us)} ${share(us)}  ${where}`);
console.log(`top ${values.top} functions (self time per round):`);
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
  console.log(`  ${perRound(us)} ${share(us)}  ${name}`);
console.log(`top ${values.top} nearest Vigil callers (time of the samples under them, embedded-mongo counted as a callee):`);
for (const [name, us] of [...byCaller].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
  console.log(`  ${perRound(us)} ${share(us)}  ${name}`);
for (const [index, { us, byArea: areas }] of phases.entries()) {
  console.log(`phase ${index + 1}, ${PHASES[index]}: ${perRound(us)} per round; by area (top 8):`);
  for (const [where, areaUs] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 8))
    console.log(`  ${perRound(areaUs)} ${share(areaUs)}  ${where}`);
}
