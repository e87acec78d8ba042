// Child processes of the benchmarks that measure from outside the server (ADR 108, ADR 164): each started on one CPU
// with taskset when the machine has two or more (so load and server do not share a core), with the open-file limit
// raised to the hard limit (a wall is a socket on both sides), an IPC channel for what the orchestrator needs, and
// failures that surface: a child that exits before it answers rejects with its exit code instead of leaving the
// bench waiting, and every child still running is sent SIGTERM when this process exits.
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

export const pinned = availableParallelism() >= 2;

/** A child that exited while the bench still needed it; `exitCode` is what the bench exits with. */
export class ChildExited extends Error {
  constructor(name, code) {
    super(`${name} exited (${code}) while the bench needed it`);
    this.exitCode = typeof code === 'number' && code !== 0 ? code : 1;
  }
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** Pins this process (all its threads) to `cpu` when the machine has two CPUs or more. */
export function pinSelf(cpu) {
  if (pinned) execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}

/** Watches a child for an exit: `exited` resolves with its code (or signal). */
export function track(child) {
  running.add(child);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    });
  });
  return child;
}

/**
 * Starts `file` (an absolute path) with node `nodeArgs` on `cpu`; resolves with the child and its first message,
 * once it sent `{ type: 'ready', … }`; rejects with ChildExited if it exits first.
 */
export function startChild(file, cpu, env = {}, { nodeArgs = [] } = {}) {
  // `ulimit -n` in the shell that execs node: the soft limit up to the hard one (10,000 walls need about 10,000
  // descriptors in the stack process and as many in the subscribers' process). taskset and node exec in turn: the
  // child's pid is node's.
  const pin = pinned ? `exec taskset -c ${cpu} "$0" "$@"` : 'exec "$0" "$@"';
  const node = [process.execPath, ...nodeArgs, file];
  const child = track(
    spawn('sh', ['-c', `ulimit -n "$(ulimit -Hn)"; ${pin}`, ...node], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...env },
    }),
  );
  const ready = new Promise((resolve, reject) => {
    void child.exited.then((code) => reject(new ChildExited(file, code)));
    child.on('message', (message) => {
      if (message?.type === 'ready') resolve(message);
    });
  });
  return ready.then((message) => ({ child, ready: message }));
}

/**
 * Sends `request` and resolves with the child's first message of type `replyType`; rejects if that message carries
 * an `error` (the child's handler threw) or if the child exits first.
 */
export function ask(child, request, replyType = request.type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message?.type !== replyType) return;
      done();
      if (message.error) reject(new Error(`the child failed to answer ${replyType}: ${message.error}`));
      else resolve(message);
    };
    const onExit = (code, signal) => {
      done();
      reject(new ChildExited(`the child asked for ${replyType}`, code ?? signal));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(request);
  });
}

/**
 * The child's side: answers each `{ type }` message with `{ type, …handlers[type](message) }`, or `{ type, error }`
 * when the handler throws. The child stops (`stop()`, then exit) on SIGTERM and when its parent goes away.
 */
export function answer(handlers, stop) {
  process.on('message', async (message) => {
    const handler = handlers[message?.type];
    if (!handler) return;
    try {
      process.send({ type: message.type, ...(await handler(message)) });
    } catch (error) {
      process.send({ type: message.type, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  let stopping;
  const end = () => {
    stopping ??= Promise.resolve(stop()).then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', end);
  process.once('disconnect', end);
}

/** Stops a child (SIGTERM; it stops its servers and exits) and waits for it. */
export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
