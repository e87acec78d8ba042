// `distinct('tenantId')` over a tenant-sized events collection, as activity-logs' checkpoint job and retention purge
// ask it: the process's CPU per call (ADR 111). The collection has the events' (tenantId, sequence) index.
// Run from the repo root after building: node --max-old-space-size=4096 bench/embedded-mongo/distinct.js
// Knobs: BENCH_EVENTS (default 200000, in the large tenant; a second tenant holds 1,000), BENCH_CALLS (default 5).
import { ACTIVITY_CHAIN } from '@vigil/core';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import mongoose from 'mongoose';
import { fillChain } from '../support/fill.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 5);

const server = await EmbeddedMongo.start();
const connection = await mongoose.createConnection(server.uri).asPromise();
try {
  const events = connection.useDb(ACTIVITY_CHAIN.dbName).collection(ACTIVITY_CHAIN.events);
  await events.createIndex({ tenantId: 1, sequence: 1 }, { unique: true });
  await fillChain(connection, 'bench-distinct-large', EVENTS, (i) => `account-${i % 1000}`);
  await fillChain(connection, 'bench-distinct-small', 1000, (i) => `account-${i % 1000}`);
  const cpu = [];
  for (let i = 0; i < CALLS; i += 1) {
    const started = process.cpuUsage();
    const tenants = await events.distinct('tenantId');
    const used = process.cpuUsage(started);
    if (tenants.length !== 2) throw new Error(`expected 2 tenants, got ${tenants.length}`);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(`distinct('tenantId') over ${EVENTS + 1000} events, CPU ms per call: ${cpu.map((ms) => ms.toFixed(1)).join(', ')}`);
} finally {
  await connection.close();
  await server.stop();
}
