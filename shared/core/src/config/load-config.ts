import { z } from 'zod';

/** Thrown when the environment does not satisfy a config schema; the message lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Validates one section of configuration against the environment, the same way the common config is
 * validated: every variable is checked, and one error names all the bad ones at once.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 */
export function loadConfigSection<TSchema extends z.ZodObject>(
  schema: TSchema,
  env: Environment = process.env,
): z.output<TSchema> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return result.data;
}
