/** The levels the Hive runtime's logger (`@graphql-hive/logger`) accepts in the LOG_LEVEL environment variable. */
const HIVE_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

/**
 * Makes `process.env.LOG_LEVEL` acceptable to the Hive runtime's logger. That logger reads LOG_LEVEL from the
 * process environment in its constructor — for the gateway's logger and for every child the runtime derives from
 * it — and throws on a value outside its five levels, although Vigil documents pino's `fatal` and `silent` too.
 * The runtime's lines are written through Vigil's pino logger, which keeps the configured level, so the Hive
 * logger's own level filters nothing that matters: a pino-only value is replaced by `error` in the process
 * environment. Call it before the runtime is created; Vigil's config has been read by then.
 */
export function makeLogLevelAcceptableToHive(env: NodeJS.ProcessEnv = process.env): void {
  const level = env.LOG_LEVEL;
  if (level && !HIVE_LEVELS.has(level)) env.LOG_LEVEL = 'error';
}
