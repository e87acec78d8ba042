// The ingest benchmark's processes (ADR 164): the stack (gateway + four subgraphs, stack.js) in a child pinned to
// CPU 0; MongoDB as a server of its own process (bench/support/mongo-server.js) pinned beside the load; the load —
// this process — pinned to CPU 1. On a machine with three CPUs or more MongoDB gets CPU 2. With `--mongo in-process`
// (or BENCH_MONGO=in-process) MongoDB runs inside the stack's process instead, the topology before ADR 164, so the
// two can be compared in one sitting. Every CPU time here is per process: the stack's (its own process.cpuUsage,
// asked over IPC), MongoDB's (/proc, 10 ms ticks) and the load's (this process).
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { startMongoServer } from '../support/mongo-server.js';
import { ask, ChildExited, pinned, pinSelf, startChild, stopChild } from '../support/processes.js';

const here = dirname(fileURLToPath(import.meta.url));
const cpus = availableParallelism();
const CPU = { stack: 0, load: 1, mongo: cpus >= 3 ? 2 : 1 };

/**
 * Starts MongoDB and the stack in `mode` ('server' or 'in-process'); `fill(connection)` pre-fills tenants through
 * MongoDB before the stack starts, so its chain consumers begin at their heads. Resolves with the stack's URLs,
 * `ask(type, fields)` for the stack process, `cpu()` (ms per process so far), the header line, `failed` (rejects
 * with ChildExited when a child exits before `stop()`), and `stop()`.
 */
export async function startTopology(mode, fill) {
  if (mode !== 'server' && mode !== 'in-process') throw new Error(`--mongo is server or in-process, not ${mode}.`);
  pinSelf(CPU.load);
  const children = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const child of children.splice(0).reverse()) await child.stop();
  };
  try {
    const server = mode === 'server' ? await startMongoServer(CPU.mongo) : undefined;
    if (server) children.push({ name: 'the MongoDB server', stop: server.stop, exited: server.exited });
    // The old topology's heap (the bench's command line): the embedded server's data lives in the stack's heap.
    const nodeArgs = ['--max-old-space-size=8192', '--max-semi-space-size=64'];
    const env = { BENCH_MONGO: mode, MONGODB_URI: server ? patient(server.uri) : '' };
    const { child, ready } = await startChild(join(here, 'stack.js'), CPU.stack, env, { nodeArgs });
    children.push({ name: 'the stack process', stop: () => stopChild(child), exited: child.exited });
    const failed = Promise.race(
      children.map(({ name, exited }) =>
        exited.then((code) => {
          if (!stopping) throw new ChildExited(name, code);
        }),
      ),
    );
    failed.catch(() => {}); // read by whoever races it; a rejection nobody awaits must not end the process early
    const uri = server?.uri ?? ready.mongoUri;
    const connection = await mongoose.createConnection(uri).asPromise();
    try {
      await fill(connection);
    } finally {
      await connection.close();
    }
    const started = await ask(child, { type: 'start' });
    const request = (type, fields = {}) => Promise.race([ask(child, { type, ...fields }), failed]);
    const header =
      `topology: load (this process) ${pinned ? `on CPU ${CPU.load}` : 'unpinned'}; stack (gateway + 4 subgraphs) ` +
      `in its own process ${pinned ? `on CPU ${CPU.stack}` : 'unpinned'}; MongoDB ` +
      (server
        ? `in its own process (vigil-mongo, memory only) ${pinned ? `on CPU ${CPU.mongo}` : 'unpinned'}`
        : "inside the stack's process (--mongo in-process)") +
      ` — ${cpus} CPU(s)${pinned ? ', pinned with taskset' : ''}`;
    return {
      gatewayUrl: started.gatewayUrl,
      activityUrl: started.activityUrl,
      mongoApart: server !== undefined,
      header,
      failed,
      ask: request,
      /** CPU time so far (ms): the stack process's, MongoDB's (NaN when it runs in the stack), this process's. */
      async cpu() {
        const { ms } = await request('cpu');
        const load = process.cpuUsage();
        return { stack: ms, mongo: server ? server.cpuMs() : NaN, load: (load.user + load.system) / 1000 };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The server's URI for the stack's driver, with a monitor that waits two minutes for an answer (connectTimeoutMS,
 * default 10 s). The stack's first start builds its indexes over the pre-filled tenants (a million events by default),
 * and the embedded server answers nothing meanwhile; in its own process the driver's monitor times out and drops the
 * connections mid-start (in the stack's process the build blocked the monitor's timer too, so it never noticed).
 */
function patient(uri) {
  const url = new URL(uri);
  url.searchParams.set('connectTimeoutMS', '120000');
  return url.toString();
}
