// Child processes of the walls benchmark: pinned to one CPU with taskset when the machine has two or more (so the
// stack and the subscribers do not share a core), open-file limit raised to the hard limit (each wall is a socket
// on both sides), and an IPC channel for the figures.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const pinnable = availableParallelism() >= 2;

/** Starts `file` (a module of this folder) on `cpu`; resolves with the child once it sent `{ type: 'ready' }`. */
export function startChild(file, cpu, env = {}) {
  // `ulimit -n` in the shell that execs node: the soft limit up to the hard one (20000 here; 10,000 walls need
  // about 10,000 descriptors in the stack process and as many in the subscribers' process).
  const pin = pinnable ? `exec taskset -c ${cpu} "$0" "$@"` : 'exec "$0" "$@"';
  // WALLS_CPU_PROF=<dir>: each child writes a V8 CPU profile there (open it in Chrome DevTools);
  // WALLS_CPU_PROF_INTERVAL_US: its sampling interval (V8's default 1000 µs is coarse for a 100 ms fan-out).
  const interval = process.env.WALLS_CPU_PROF_INTERVAL_US
    ? [`--cpu-prof-interval=${process.env.WALLS_CPU_PROF_INTERVAL_US}`]
    : [];
  const profile = process.env.WALLS_CPU_PROF ? ['--cpu-prof', ...interval, `--cpu-prof-dir=${process.env.WALLS_CPU_PROF}`] : [];
  // The young generation the servers run with (`npm start`, the image: ADR 121).
  const node = [process.execPath, '--max-old-space-size=4096', '--max-semi-space-size=64', ...profile, file];
  const child = spawn('sh', ['-c', `ulimit -n "$(ulimit -Hn)"; ${pin}`, ...node], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const ready = new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${file} exited before it was ready (${code ?? signal})`)));
    child.on('message', (message) => {
      if (message?.type === 'ready') resolve(message);
    });
  });
  return ready.then((message) => ({ child, ready: message }));
}

/** Sends `request` and resolves with the child's first message of type `replyType`. */
export function ask(child, request, replyType) {
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (message?.type !== replyType) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

/** Stops a child (SIGTERM; it stops its servers and exits) and waits for it. */
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const pinned = pinnable;

/** The CPUs the stack (CPU 0) does not use: how many subscriber processes the bench starts by default. */
export const subscriberCpuCount = Math.max(1, availableParallelism() - 1);

/** The CPU of the k-th subscriber process: 1, 2, … round-robin over the CPUs the stack does not use. */
export function subscriberCpu(index) {
  return pinnable ? 1 + (index % subscriberCpuCount) : 0;
}
