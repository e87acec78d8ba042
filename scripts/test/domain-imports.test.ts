import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The real root config, as `npm run lint` uses it (ADR 012: what a subgraph's domain/ may import).
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

const domainFile = 'subgraphs/accounts/src/domain/probe.ts';

describe('domain/ import rule', () => {
  it.each([
    "import { Schema } from 'mongoose';",
    "import type { Model } from 'mongoose';",
    "import { GraphQLError } from 'graphql';",
    "import { Kind } from 'graphql/language/index.js';",
    "import { ObjectType } from 'type-graphql';",
    "import { DateTimeResolver } from 'graphql-scalars';",
    "import { ApolloServer } from '@apollo/server';",
    "import { buildSubgraphSchema } from '@apollo/subgraph';",
    "import { createSubgraphServer } from '@vigil/core';",
    "import type { Identity } from '@vigil/core';",
    "import { x } from '@vigil/core/domainish';",
    "import { AccountModel } from '../adapters/mongo/account.model.js';",
    "import { openCase } from '../application/open-case.js';",
    "import { AccountType } from '../graphql/types/account.js';",
    "import { loadAccountsConfig } from '../config.js';",
    "export { permissions } from '../permissions.js';",
  ])('refuses %s', async (line) => {
    expect(await restrictedImports(domainFile, `${line}\nexport const probe = 1;\n`)).toHaveLength(1);
  });

  it.each([
    "import { createHash } from 'node:crypto';",
    "import { refusedTransition, type Identity } from '@vigil/core/domain';",
    "import { caseStates } from './case-states.js';",
    "import type { Severity } from '../severity.js';",
  ])('allows %s', async (line) => {
    expect(await restrictedImports('subgraphs/accounts/src/domain/rules/probe.ts', `${line}\nexport const probe = 1;\n`)).toEqual(
      [],
    );
  });

  it('leaves the other layers free to import storage and transport', async () => {
    const source =
      "import { Schema } from 'mongoose';\nimport { GraphQLError } from 'graphql';\nexport const probe = [Schema, GraphQLError];\n";
    expect(await restrictedImports('subgraphs/accounts/src/adapters/mongo/probe.ts', source)).toEqual([]);
  });
});
