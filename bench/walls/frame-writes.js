// Micro-benchmark of the fan-out's last step (issue 13, ADR 105): what writing one graphql-ws `next` frame to each
// of N loopback WebSocket clients costs the server, per socket, in CPU (user and system separately, from
// process.cpuUsage) and in wall time, for the ways a server can write it:
//   send-string   ws.send() of a string built per wall (Vigil before ADR 105)
//   send-buffer   ws.send() of a Buffer built per wall from the shared payload's bytes
//   frame-write   one socket.write() of a whole frame (header + message) built per wall from shared bytes
//   frame-cork    cork(); write(header + prefix); write(shared payload bytes); uncork() — one writev, no copy
//   same-bytes    one socket.write() of the SAME frame to every socket (the floor: no per-wall bytes at all)
//   sliced        frame-write, yielding to the event loop (setImmediate) every 500 sockets
// The clients run in a child process on the other CPU (taskset when there are 2), so their reading is not counted.
//
//   node bench/walls/frame-writes.js [--sockets 2000] [--rounds 10] [--payload-bytes 200] [--async-context]
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';

const self = fileURLToPath(import.meta.url);
const pin = (cpu) => {
  if (availableParallelism() < 2) return;
  try {
    execFileSync('taskset', ['-pc', String(cpu), String(process.pid)], { stdio: 'ignore' });
  } catch {
    // taskset missing: run unpinned
  }
};

if (process.env.FRAME_WRITES_CLIENT) {
  pin(1);
  const { url, sockets } = JSON.parse(process.env.FRAME_WRITES_CLIENT);
  let received = 0;
  let opened = 0;
  for (let i = 0; i < sockets; i += 1) {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('open', () => {
      opened += 1;
      if (opened === sockets) process.send({ type: 'open' });
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('a text frame was expected');
      JSON.parse(data.toString()); // every frame must be a well-formed message
      received += 1;
      if (received === sockets) {
        received = 0;
        process.send({ type: 'round' });
      }
    });
  }
} else {
  pin(0);
  const { values } = parseArgs({
    options: {
      sockets: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '10' },
      'payload-bytes': { type: 'string', default: '200' },
      // An AsyncLocalStorage in use, as in the gateway process (its runtime keeps request context in one): on Node
      // 20 that enables async hooks, which then run for every socket write.
      'async-context': { type: 'boolean', default: false },
    },
  });
  if (values['async-context']) new AsyncLocalStorage().enterWith({ request: 'context' });
  const SOCKETS = Number(values.sockets);
  const ROUNDS = Number(values.rounds);
  const payload = JSON.stringify({ data: { alertRaised: { id: 'x'.repeat(Number(values['payload-bytes'])) } } });
  const payloadBytes = Buffer.from(payload);

  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const walls = [];
  wss.on('connection', (ws) => walls.push({ ws, id: crypto.randomUUID() }));
  const client = fork(self, [], {
    env: {
      ...process.env,
      FRAME_WRITES_CLIENT: JSON.stringify({ url: `ws://127.0.0.1:${wss.address().port}`, sockets: SOCKETS }),
    },
  });
  const nextMessage = (type) =>
    new Promise((resolve) => {
      const on = (message) => {
        if (message?.type !== type) return;
        client.off('message', on);
        resolve();
      };
      client.on('message', on);
    });
  await nextMessage('open');
  while (walls.length < SOCKETS) await new Promise((resolve) => setTimeout(resolve, 10));

  const header = (length) => {
    if (length < 126) return Buffer.from([0x81, length]);
    if (length < 65536) return Buffer.from([0x81, 126, length >> 8, length & 0xff]);
    throw new Error('frame too large for this bench');
  };
  const prefix = (id) => `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  const wholeFrame = (id) => {
    const head = Buffer.from(prefix(id));
    const length = head.length + payloadBytes.length + 1;
    return Buffer.concat([header(length), head, payloadBytes, Buffer.from('}')]);
  };
  const same = wholeFrame(crypto.randomUUID());
  const variants = {
    'send-string': (wall) => wall.ws.send(`${prefix(wall.id)}${payload}}`),
    'send-buffer': (wall) =>
      wall.ws.send(Buffer.concat([Buffer.from(prefix(wall.id)), payloadBytes, Buffer.from('}')]), { binary: false }),
    'frame-write': (wall) => wall.ws._socket.write(wholeFrame(wall.id)),
    'frame-cork': (wall) => {
      const head = Buffer.from(prefix(wall.id));
      const socket = wall.ws._socket;
      socket.cork();
      socket.write(Buffer.concat([header(head.length + payloadBytes.length + 1), head]));
      socket.write(payloadBytes);
      socket.write('}');
      socket.uncork();
    },
    'same-bytes': (wall) => wall.ws._socket.write(same),
  };
  const SLICE = 500;
  const fanOut = async (name) => {
    if (name === 'sliced') {
      for (let i = 0; i < walls.length; i += SLICE) {
        for (const wall of walls.slice(i, i + SLICE)) variants['frame-write'](wall);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return;
    }
    const write = variants[name];
    for (const wall of walls) write(wall);
  };

  const names = [...Object.keys(variants), 'sliced'];
  const results = new Map(names.map((name) => [name, []]));
  for (let round = 0; round <= ROUNDS; round += 1) {
    for (const name of names) {
      const done = nextMessage('round');
      const cpu = process.cpuUsage();
      const start = performance.now();
      await fanOut(name);
      const loop = performance.now() - start;
      const loopCpu = process.cpuUsage(cpu);
      await done;
      const total = process.cpuUsage(cpu);
      if (round > 0) results.get(name).push({ loop, loopCpu, total });
    }
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const perSocket = (micros) => (micros / SOCKETS).toFixed(1);
  console.log(`${SOCKETS} sockets, ${ROUNDS} rounds (+1 warm-up), payload ${payloadBytes.length} B; medians, per socket:`);
  for (const [name, list] of results) {
    console.log(
      `  ${name.padEnd(12)} loop ${((median(list.map((r) => r.loop)) * 1000) / SOCKETS).toFixed(1)} µs wall, ` +
        `CPU in loop user ${perSocket(median(list.map((r) => r.loopCpu.user)))} + sys ${perSocket(median(list.map((r) => r.loopCpu.system)))} µs, ` +
        `CPU until all received user ${perSocket(median(list.map((r) => r.total.user)))} + sys ${perSocket(median(list.map((r) => r.total.system)))} µs`,
    );
  }
  client.kill();
  wss.close();
  for (const { ws } of walls) ws.terminate();
}
