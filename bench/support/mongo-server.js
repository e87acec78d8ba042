// The benchmarks' MongoDB: the embedded server run as a server of its own (the `vigil-mongo` CLI, memory only), in
// its own process, as every deployment of Vigil has its MongoDB outside the graph's processes (docker-compose.yml,
// ADR 164). Pinned to `cpu` with taskset when the machine has two CPUs or more, so its work is measured apart from
// the stack's. `--mongo in-process` in the benches keeps the older topology (the server inside the stack's process).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './processes.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../shared/embedded-mongo/dist/cli.js');
const pinnable = availableParallelism() >= 2;
const LISTENING = /vigil-mongo listening: (\S+)/;

/**
 * Starts the server on a free port; resolves with its URI, its CPU time so far (`cpuMs()`, user + system, from
 * /proc: 10 ms ticks, so read it over many rounds), `exited` (resolves with its exit code or signal; the process is
 * sent SIGTERM when this one exits) and `stop()`.
 */
export async function startMongoServer(cpu) {
  const command = pinnable ? ['taskset', '-c', String(cpu), process.execPath] : [process.execPath];
  // The servers' young generation (ADR 121); old space for a tenant of a million events held in memory.
  const flags = ['--max-old-space-size=8192', '--max-semi-space-size=64'];
  // BENCH_MONGO_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in DevTools).
  const profile = process.env.BENCH_MONGO_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_MONGO_CPU_PROF}`] : [];
  const child = track(
    spawn(command[0], [...command.slice(1), ...flags, ...profile, cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  const uri = await new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code, signal) => reject(new Error(`vigil-mongo exited before listening (${code ?? signal})`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(LISTENING);
      if (match) resolve(match[1]);
    });
  });
  return {
    uri,
    pid: child.pid,
    cpu: pinnable ? cpu : undefined,
    cpuMs: () => processCpuMs(child.pid),
    exited: child.exited,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** User + system CPU time of a process (ms), from /proc/<pid>/stat (Linux; NaN elsewhere). */
function processCpuMs(pid) {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime (fields 14 and 15 of the line)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
