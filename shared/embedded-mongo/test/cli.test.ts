import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const binPath = join(packageDir, manifest.bin['vigil-mongo'] as string);

/** Start the CLI through the package's `bin` entry; resolves with its URI once it listens. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, [binPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listening = new Promise<string>((resolveUri, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const uri = /listening: (mongodb:\/\/\S+)/.exec(output)?.[1];
      if (uri) resolveUri(uri);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`vigil-mongo exited with ${code}: ${output}`)));
  });
  return { child, listening };
}

describe('the vigil-mongo bin', () => {
  beforeAll(() => {
    // The bin loads the built CLI; build it when this checkout has not been built yet.
    if (!existsSync(join(packageDir, 'dist', 'cli.js'))) {
      const build = spawnSync(process.execPath, [join(packageDir, '../../node_modules/typescript/bin/tsc'), '-p', packageDir], {
        encoding: 'utf8',
      });
      expect(build.status, build.stdout + build.stderr).toBe(0);
    }
  }, 120_000);

  it('is a committed, executable file outside dist/, so npm can link it at install time', () => {
    expect(manifest.bin['vigil-mongo']).not.toMatch(/dist\//);
    expect(statSync(binPath).mode & 0o111).not.toBe(0);
    expect(readFileSync(binPath, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const tracked = spawnSync('git', ['ls-files', '-s', binPath], { cwd: packageDir, encoding: 'utf8' });
    expect(tracked.stdout).toMatch(/^100755 /);
  });

  it('starts a server the driver can use, and stops on SIGTERM', async () => {
    const { child, listening } = startCli(['--port', '0']);
    try {
      const uri = await listening;
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
      await client.connect();
      await client
        .db('cli')
        .collection('c')
        .insertOne({ _id: 'x' as never, n: 1 });
      expect(await client.db('cli').collection('c').findOne({})).toEqual({ _id: 'x', n: 1 });
      await client.close();
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('prints its usage with --help', () => {
    const help = spawnSync(process.execPath, [binPath, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: vigil-mongo');
  });
});
