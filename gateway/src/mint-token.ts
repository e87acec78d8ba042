#!/usr/bin/env node
/**
 * Prints a dev HS256 token for the gateway:
 *   npm run token -- --role AGENT --tenant demo [--role AUDITOR] [--tenant acme] [--sub agent-1] [--ttl 8h]
 * Signed with JWT_SECRET (the dev default from config when unset; refused in production without it).
 */
import { parseArgs } from 'node:util';
import { loadConfig, ROLES } from '@vigil/core';
import { mintDevToken, parseRole, parseTtl } from './dev-token.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      tenant: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.role?.length) {
    console.error(
      `Usage: npm run token -- --role <ROLE> [--role ...] --tenant <id> [--tenant ...] [--sub <subject>] [--ttl 8h]\nRoles: ${ROLES.join(', ')}`,
    );
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = loadConfig();
  if (!config.JWT_SECRET) throw new Error('JWT_SECRET is not set: with JWT_JWKS_URL, tokens come from the identity provider.');
  const roles = values.role.map(parseRole);
  const token = await mintDevToken({
    subject: values.sub ?? `dev-${roles[0]!.toLowerCase()}`,
    roles,
    tenants: values.tenant ?? [],
    ttlSeconds: parseTtl(values.ttl),
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
