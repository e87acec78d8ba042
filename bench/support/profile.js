// BENCH_PROFILE: a V8 CPU profile of this process (gateway and subgraphs alike), for DevTools.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Starts profiling when BENCH_PROFILE is set; the session to hand to stopProfile, or undefined. */
export async function startProfile() {
  if (!process.env.BENCH_PROFILE) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

export async function stopProfile(session, file) {
  if (!session) return;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}
