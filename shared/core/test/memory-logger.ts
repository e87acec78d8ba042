import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../src/index.js';

export interface LoggedLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A real (redacting) Vigil logger whose lines land in `lines`, parsed: tests read what was logged. */
export function memoryLogger(name = 'test'): { logger: Logger; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as LoggedLine);
      done();
    },
  });
  return { logger: createLogger({ name, level: 'info', destination }), lines };
}
