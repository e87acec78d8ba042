// The ingest benchmark's server side: gateway and four subgraphs (startBenchStack) in this one process, which
// bench/ingest/index.js starts pinned to CPU 0, apart from the load (ADR 164). MongoDB is the server MONGODB_URI
// names (its own process, bench/support/mongo-server.js) or, with BENCH_MONGO=in-process, an embedded server in this
// process as the bench ran before ADR 164. Answers the orchestrator over IPC (bench/support/processes.js):
//   ready        sent once booted: `mongoUri` when MongoDB runs here (the orchestrator pre-fills tenants through it)
//   start        starts the stack (after the pre-fill): the gateway's and activity-logs' URLs
//   token        a dev token the gateway accepts
//   register     accounts the activity is recorded for (registerAccounts)
//   caughtUp     resolves once every chain consumer has handled the tenant's head (drain.js)
//   cpu          this process's CPU time so far (ms, process.cpuUsage): the stack's CPU of a phase
//   commands     BENCH_COMMANDS=1: start / stop / print the MongoDB command counts (command-count.js)
//   profile      BENCH_PROFILE: starts, or with `file` stops and writes, a V8 CPU profile of this process
//   largestAlert the size (bytes of BSON) of the tenant's largest alert
// SIGTERM (or the orchestrator going away) stops the stack and the embedded server.
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import mongoose from 'mongoose';
import { commandCounter } from '../support/command-count.js';
import { consumersCaughtUp } from '../support/drain.js';
import { answer } from '../support/processes.js';
import { startProfile, stopProfile } from '../support/profile.js';
import { registerAccounts, startBenchStack } from '../support/stack.js';

const IN_PROCESS = process.env.BENCH_MONGO === 'in-process';
const COUNT_COMMANDS = process.env.BENCH_COMMANDS === '1';
const mongo = IN_PROCESS ? await EmbeddedMongo.start() : undefined;
let stack;
let commands;
let profiler;

answer(
  {
    async start() {
      stack = await startBenchStack({ MONGODB_URI: mongo?.uri ?? process.env.MONGODB_URI }, { monitorCommands: COUNT_COMMANDS });
      commands = COUNT_COMMANDS ? commandCounter(stack) : undefined;
      const activity = stack.subgraphs.get('activity-logs');
      if (!activity) throw new Error('The stack has no activity-logs subgraph (stack/src/subgraphs.ts).');
      return { gatewayUrl: stack.gatewayUrl, activityUrl: activity.url };
    },
    token: async ({ request }) => ({ token: await stack.token(request) }),
    async register({ tenantId, accounts }) {
      await registerAccounts(stack, tenantId, accounts);
      return {};
    },
    async caughtUp({ tenantId }) {
      await consumersCaughtUp(stack, tenantId);
      return {};
    },
    cpu() {
      const { user, system } = process.cpuUsage();
      return { ms: (user + system) / 1000 };
    },
    commands({ action, title }) {
      commands?.[action](title);
      return {};
    },
    async profile({ file }) {
      if (file === undefined) profiler = await startProfile();
      else await stopProfile(profiler, file);
      return {};
    },
    async largestAlert({ tenantId }) {
      const alerts = await stack.subgraphs.get('alerts').mongo.connection.collection('alerts').find({ tenantId }).toArray();
      return { bytes: Math.max(0, ...alerts.map((alert) => mongoose.mongo.BSON.calculateObjectSize(alert))) };
    },
  },
  async () => {
    await stack?.stop();
    await mongo?.stop();
  },
);
process.send({ type: 'ready', mongoUri: mongo?.uri });
