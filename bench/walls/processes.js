// Child processes of the walls benchmark (bench/support/processes.js: pinned with taskset, open-file limit raised,
// IPC): the stack on CPU 0, the subscriber processes round-robin on the others; the servers' heap flags, and
// WALLS_CPU_PROF for a V8 CPU profile of each child.
import { availableParallelism } from 'node:os';
import { ask, pinned, startChild as startPinnedChild, stopChild } from '../support/processes.js';

export { ask, pinned, stopChild };

/** Starts `file` (a module of this folder) on `cpu`; resolves with the child once it sent `{ type: 'ready' }`. */
export function startChild(file, cpu, env = {}) {
  // WALLS_CPU_PROF=<dir>: each child writes a V8 CPU profile there (open it in Chrome DevTools);
  // WALLS_CPU_PROF_INTERVAL_US: its sampling interval (V8's default 1000 µs is coarse for a 100 ms fan-out).
  const interval = process.env.WALLS_CPU_PROF_INTERVAL_US
    ? [`--cpu-prof-interval=${process.env.WALLS_CPU_PROF_INTERVAL_US}`]
    : [];
  const profile = process.env.WALLS_CPU_PROF ? ['--cpu-prof', ...interval, `--cpu-prof-dir=${process.env.WALLS_CPU_PROF}`] : [];
  // The young generation the servers run with (`npm start`, the image: ADR 121).
  const nodeArgs = ['--max-old-space-size=4096', '--max-semi-space-size=64', ...profile];
  return startPinnedChild(file, cpu, env, { nodeArgs });
}

/** The CPUs the stack (CPU 0) does not use: how many subscriber processes the bench starts by default. */
export const subscriberCpuCount = Math.max(1, availableParallelism() - 1);

/** The CPU of the k-th subscriber process: 1, 2, … round-robin over the CPUs the stack does not use. */
export function subscriberCpu(index) {
  return pinned ? 1 + (index % subscriberCpuCount) : 0;
}
