import type { ReferenceResolver, TenantReferences } from '@vigil/core';
import type { RecoveryCommandDeps } from '../application/case-command.js';
import type { RecoveryQueries } from '../application/case-queries.js';
import type { CaseStore } from '../application/case-store.js';
import type { CaseReads } from '../application/ports.js';
import type { SettingsService } from '../application/settings.js';
import type { SlaSweeper } from '../application/sla-sweep.js';
import type { RecoveryContext } from './loaders/recovery-loaders.js';
import { toCaseView } from './mappers/case-view.js';
import { RecoveryCaseFieldsResolver } from './resolvers/case-fields.resolver.js';
import { RecoveryCaseMutationResolver } from './resolvers/case-mutation.resolver.js';
import { RecoveryCaseQueryResolver } from './resolvers/case-query.resolver.js';
import { RecoveryCaseSubscriptionResolver } from './resolvers/case-subscription.resolver.js';
import {
  AccountRecoveryCasesResolver,
  AgentAssignedCasesResolver,
  AlertRecoveryCaseResolver,
} from './resolvers/entity-refs.resolver.js';
import { RecoveryReportsResolver } from './resolvers/reports.resolver.js';
import { RecoverySettingsResolver } from './resolvers/settings.resolver.js';
import { VerificationMutationResolver } from './resolvers/verification-mutation.resolver.js';
import { AccountRef, AgentRef, AlertRef } from './types/entity-refs.js';

export interface GraphqlPartsDeps {
  readonly commands: RecoveryCommandDeps;
  readonly queries: RecoveryQueries;
  readonly settings: SettingsService;
  readonly reads: CaseReads;
  readonly sweeper: SlaSweeper;
  readonly store: CaseStore;
  readonly clock: () => Date;
  /** Which alert ids are a tenant's: linked alerts must be the case's tenant's. */
  readonly alerts: TenantReferences;
}

const recoveryCaseReference: ReferenceResolver<RecoveryContext> = async (reference, context) => {
  const record = await context.loaders.caseById.load(String(reference.id));
  return record ? toCaseView(record) : null;
};

/** Entities of other subgraphs this one extends: the id is all it holds. */
const stub: ReferenceResolver = (reference) => ({ id: String(reference.id) });

/** The resolvers, orphaned entity stubs and reference resolvers of the recovery-cases schema. */
export function graphqlParts(deps: GraphqlPartsDeps) {
  return {
    resolvers: [
      new RecoveryCaseQueryResolver(deps.commands, deps.queries),
      new RecoveryCaseMutationResolver(deps.commands, deps.alerts),
      new VerificationMutationResolver(deps.commands),
      new RecoveryCaseFieldsResolver(deps.clock),
      new RecoveryReportsResolver(deps.queries, { reads: deps.reads, sweeper: deps.sweeper }),
      new RecoverySettingsResolver(deps.settings, deps.clock),
      new RecoveryCaseSubscriptionResolver(deps.store),
      new AccountRecoveryCasesResolver(),
      new AgentAssignedCasesResolver(),
      new AlertRecoveryCaseResolver(),
    ],
    orphanedTypes: [AccountRef, AgentRef, AlertRef],
    referenceResolvers: { RecoveryCase: recoveryCaseReference, Account: stub, Agent: stub, Alert: stub },
  };
}
