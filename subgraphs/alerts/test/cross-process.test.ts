import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { InMemoryEventBus, RedisPubSub, TOPICS, connectMongo, createLogger, loadConfig, type MongoHandle } from '@vigil/core';
import { mintDevToken } from '@vigil/gateway';
import { createAlertsSubgraph, type AlertsSubgraph } from '../src/index.js';
import { appendToActivityChain } from '@vigil/testing';
import { failedLogin } from './support/events.js';

const REDIS_URL = process.env.REDIS_URL;
const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Process A (this test) raises the alert; process B (a child node process running the compiled alerts
 * subgraph and gateway) serves the monitoring wall. Redis pub/sub carries the alert between them.
 */
describe.skipIf(!REDIS_URL)('alerts across processes over Redis pub/sub (REDIS_URL)', () => {
  const tenantId = `redis-${randomUUID().slice(0, 8)}`;
  const logger = createLogger({ name: 'cross-process', level: 'silent' });
  let mongo: EmbeddedMongo;
  let db: MongoHandle;
  let pubsub: RedisPubSub;
  let bus: InMemoryEventBus;
  let alerts: AlertsSubgraph;
  let peer: ChildProcess;
  let gatewayUrl: string;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGO_DATA_DIR: '', REDIS_URL });

  beforeAll(async () => {
    // Process B runs the compiled packages: build them (incremental, quick when up to date).
    execFileSync('npx', ['tsc', '-b', 'subgraphs/alerts', 'gateway'], { cwd: root, stdio: 'pipe' });
    mongo = await EmbeddedMongo.start();
    db = await connectMongo(config, logger, { dbName: 'vigil_alerts_test', uri: mongo.uri });
    pubsub = new RedisPubSub(REDIS_URL as string, logger);
    bus = new InMemoryEventBus(logger);
    alerts = await createAlertsSubgraph(
      { config, logger, connection: db.connection, bus, pubsub },
      { recipients: null, env: {} },
    );
    await alerts.start(0);

    peer = spawn(process.execPath, [fileURLToPath(new URL('./support/redis-peer.mjs', import.meta.url))], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: mongo.uri, REDIS_URL, MONGO_DATA_DIR: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    gatewayUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      peer.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { gatewayUrl: string }).gatewayUrl);
      });
      peer.once('exit', (code) => reject(new Error(`peer process exited early with code ${code}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (peer && peer.exitCode === null) {
      const exited = new Promise((resolve) => peer.once('exit', resolve));
      peer.kill('SIGTERM');
      await exited;
    }
    await alerts?.stop();
    await bus?.close();
    await pubsub?.close();
    await db?.close();
    await mongo?.stop();
  });

  it("delivers an alert raised in this process to a wall on the other process's gateway", async () => {
    const token = await mintDevToken({
      subject: 'wall-b',
      roles: ['SECURITY_ANALYST'],
      tenants: [tenantId],
      ttlSeconds: 600,
      secret: config.JWT_SECRET as string,
    });
    const client = createClient({
      url: gatewayUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    const iterator = client.iterate({ query: 'subscription { alertRaised { tenantId rule severity account { id } } }' });
    const first = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    for (let i = 0; i < 10; i += 1) {
      const event = { ...failedLogin(i, 'acc-x', '198.51.100.99'), tenantId };
      await appendToActivityChain(db.connection, [event]);
      await bus.publish(TOPICS.activityRecorded, event, { dedupeKey: event.eventId });
    }
    await bus.idle();
    await alerts.detection.idle();
    expect((await first).value).toEqual({
      data: { alertRaised: { tenantId, rule: 'brute-force', severity: 'HIGH', account: { id: 'acc-x' } } },
    });
    await iterator.return?.();
    await client.dispose();
  });
});
