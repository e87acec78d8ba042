/** startSubgraph with a real server: task order, stop order relative to the server, and a start that fails. */
import { afterEach, describe, expect, it } from 'vitest';
import { startSubgraph, type BackgroundTask } from '../src/index.js';
import { memoryLogger } from './memory-logger.js';
import { askProbe, probeDeps, probeModule } from './probe-module.js';

const deps = probeDeps(memoryLogger().logger);
afterEach(() => deps.close());

/** A task that records what happens to it; `onStop` runs inside its stop. */
function recordingTask(
  name: string,
  log: string[],
  hooks: { failStart?: boolean; onStop?: () => Promise<void> } = {},
): BackgroundTask {
  return {
    name,
    start() {
      if (hooks.failStart) throw new Error(`${name} could not reach its queue`);
      log.push(`start ${name}`);
    },
    async stop() {
      await hooks.onStop?.();
      log.push(`stop ${name}`);
    },
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url.replace('/graphql', '/healthz'))).ok;
  } catch {
    return false;
  }
}

describe('startSubgraph', () => {
  it('starts the tasks in order and stops them newest first, while the server still answers', async () => {
    const log: string[] = [];
    let url = '';
    const serverUpDuringStop = async () => {
      log.push(`server answering: ${await healthy(url)}`);
    };
    const tasks = ['consumer', 'sweeper', 'outbox'].map((name) => recordingTask(name, log, { onStop: serverUpDuringStop }));

    const server = await startSubgraph(probeModule(tasks), deps);
    expect(log).toEqual(['start consumer', 'start sweeper', 'start outbox']);
    ({ url } = await server.start(0));
    expect((await askProbe(url, '{ probe { state } }')).body).toEqual({ data: { probe: { state: 'OPEN' } } });

    const first = server.stop();
    expect(server.stop()).toBe(first);
    await first;
    expect(log.slice(3)).toEqual([
      'server answering: true',
      'stop outbox',
      'server answering: true',
      'stop sweeper',
      'server answering: true',
      'stop consumer',
    ]);
    expect(await healthy(url)).toBe(false);
  });

  it('stops the tasks already started when one fails to start, and rethrows', async () => {
    const log: string[] = [];
    const tasks = [
      recordingTask('consumer', log),
      recordingTask('sweeper', log),
      recordingTask('outbox', log, { failStart: true }),
      recordingTask('never', log),
    ];
    await expect(startSubgraph(probeModule(tasks), deps)).rejects.toThrow('outbox could not reach its queue');
    expect(log).toEqual(['start consumer', 'start sweeper', 'stop sweeper', 'stop consumer']);
  });
});
