import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino censors before a line is written: credentials and customer PII never reach the logs.
 * `*.x` covers one level of nesting (e.g. `account.email`); top-level keys are listed on their own.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  '*.authorization',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'ip',
  '*.ip',
];

export interface LoggerSettings {
  readonly name: string;
  readonly level?: LoggerOptions['level'];
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  readonly destination?: NodeJS.WritableStream;
}

/** A JSON logger with PII and credentials redacted. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level ?? 'info',
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
