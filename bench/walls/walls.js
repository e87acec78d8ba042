// Subscribers of the walls benchmark, in their own process: WALLS_COUNT graphql-ws clients to WALLS_URL, opened in
// one burst, each retrying up to 5 times with graphql-ws's own backoff (as real clients do), each subscribed to
// the wall query. Records, per alert account, when each wall received it (epoch ms, comparable across processes).
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.env.WALLS_URL.replace(/^http/, 'ws');
const count = Number(process.env.WALLS_COUNT);
// This process's walls are walls WALLS_FIRST … WALLS_FIRST + count − 1 of the run: tokens are dealt by that index,
// so the subjects are spread the same whatever the number of subscriber processes.
const first = Number(process.env.WALLS_FIRST ?? '0');
const tokens = JSON.parse(process.env.WALLS_TOKENS);
const query = process.env.WALLS_QUERY;
const now = () => performance.timeOrigin + performance.now();

let cpuAtFlush = process.cpuUsage();
const arrivals = new Map(); // account id → epoch ms of each delivery
let connected = 0;
let failed = 0;
let errors = 0;
const closeCodes = new Map(); // close code (or error name) → how often a connection attempt ended with it
const clients = [];
const startedAt = now();
for (let i = 0; i < count; i += 1) {
  let everConnected = false;
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 5,
    // Browsers report a failed connection as a close event, which graphql-ws retries; Node's ws reports some as an
    // Error (ECONNRESET), which graphql-ws's default would not retry. Retry both, as a browser wall would.
    shouldRetry: () => true,
    connectionParams: { authorization: `Bearer ${tokens[(first + i) % tokens.length]}` },
    on: {
      closed: (event) => {
        const code = String(event?.code ?? 'error');
        closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
      },
      error: (error) => {
        const name = `error ${error?.message ?? error?.type ?? 'unknown'}`.slice(0, 60);
        closeCodes.set(name, (closeCodes.get(name) ?? 0) + 1);
      },
      connected: () => {
        if (everConnected) return;
        everConnected = true;
        connected += 1;
      },
    },
    onNonLazyError: () => {
      failed += 1;
    },
  });
  clients.push(client);
  client.subscribe(
    { query },
    {
      next: (result) => {
        const accountId = result.data?.alertRaised?.account?.id;
        if (!accountId) return;
        const list = arrivals.get(accountId) ?? [];
        list.push(now());
        arrivals.set(accountId, list);
        if (list.length === connected) process.send({ type: 'round-complete', accountId });
      },
      error: () => {
        errors += 1;
      },
      complete: () => undefined,
    },
  );
}
process.send({ type: 'ready' });

process.on('message', async (message) => {
  if (message?.type === 'connected') {
    const deadline = Date.now() + 180_000;
    while (connected + failed < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    process.send({
      type: 'connected',
      connected,
      failed,
      errors,
      burstMs: now() - startedAt,
      closeCodes: Object.fromEntries(closeCodes),
    });
  } else if (message?.type === 'flush') {
    // CPU (user + system, ms) this process used since the previous flush: mostly reading the round's messages.
    const { user, system } = process.cpuUsage(cpuAtFlush);
    cpuAtFlush = process.cpuUsage();
    process.send({
      type: 'flushed',
      accountId: message.accountId,
      times: arrivals.get(message.accountId) ?? [],
      errors,
      cpuMs: (user + system) / 1000,
    });
    arrivals.delete(message.accountId);
  }
});
process.once('SIGTERM', async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  process.exit(0);
});
