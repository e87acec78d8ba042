// A gateway in a process of its own, over subgraphs already running elsewhere (the bench's in-process stack), as
// production runs it: the subgraphs' in-process consumers cannot hold up its event loop. Started by
// startGatewayProcess below (child_process.fork of this file); the environment is the stack's, so it verifies the
// same tokens and signs with the same key. Answers 'cpu' messages with its process CPU time (ms) so far.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startProfile, stopProfile } from './profile.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

if (process.argv[2] === '--child') {
  const { loadConfig } = await import('@vigil/core');
  const { createGateway, gatewayOptionsFromConfig } = await import('@vigil/gateway');
  const endpoints = JSON.parse(process.argv[3]);
  const options = gatewayOptionsFromConfig(loadConfig(process.env), endpoints, silent);
  const gateway = createGateway({ ...options, port: 0, host: '127.0.0.1' });
  await gateway.start();
  let profiler;
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const used = process.cpuUsage();
      process.send({ cpu: (used.user + used.system) / 1000 });
    } else if (message === 'profile') {
      // startProfile profiles when BENCH_PROFILE is set: here it is the file the parent asked for.
      profiler = await startProfile();
      process.send({ profiling: profiler !== undefined });
    } else if (message === 'stop') {
      await stopProfile(profiler, process.env.BENCH_PROFILE);
      await gateway.stop();
      process.disconnect();
    }
  });
  process.send({ url: gateway.url });
}

/**
 * Forks a gateway over `stack`'s subgraphs with `env` (the stack's environment); resolves once it is composed.
 * `cpu()` reads its CPU time (ms); `profile()` starts a V8 CPU profile, written to `profileFile` by `stop()`, which
 * ends the process.
 */
export async function startGatewayProcess(stack, env, { profileFile } = {}) {
  const endpoints = [...stack.subgraphs.values()].map(({ name, url, server }) => ({
    name,
    url,
    httpRoutes: server.httpPaths ?? [],
  }));
  const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(endpoints)], {
    env: { ...env, BENCH_PROFILE: profileFile ?? '' },
    stdio: 'inherit',
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`the gateway process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const { url } = await next();
  return {
    url,
    async cpu() {
      child.send('cpu');
      return (await next()).cpu;
    },
    async profile() {
      child.send('profile');
      await next();
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}
