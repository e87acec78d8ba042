import { afterKey, badUserInput, connectionFrom, encodeCursor, mapConnection } from '@vigil/core';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RecoveryQueries } from '../../application/case-queries.js';
import type { CaseReads } from '../../application/ports.js';
import { breachKey, slaBreaches } from '../../application/sla-breaches.js';
import type { SlaSweeper } from '../../application/sla-sweep.js';
import { BREACH_PAGE } from '../../domain/paging.js';
import { checkPattern } from '../inputs/arg-checks.js';
import { ID_PATTERN, SlaBreachFilter } from '../inputs/case.inputs.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { toBreachView, toMetricsView } from '../mappers/report-views.js';
import { SlaBreachConnectionType } from '../types/connections.types.js';
import { RecoveryMetricsType } from '../types/report.types.js';

const MAX_METRICS_SPAN_MS = 366 * 86_400_000;

/** Supervisor and auditor views: SLA breaches and floor metrics. */
@Resolver()
export class RecoveryReportsResolver {
  constructor(
    private readonly queries: RecoveryQueries,
    private readonly breaches: { readonly reads: CaseReads; readonly sweeper: SlaSweeper },
  ) {}

  @Query(() => SlaBreachConnectionType, {
    nullable: true,
    description: `SLA targets exceeded in the period, newest first: \`first\` defaults to ${BREACH_PAGE.defaultFirst}, at most ${BREACH_PAGE.maxFirst} (more is BAD_USER_INPUT).`,
  })
  async slaBreaches(
    @Arg('filter', () => SlaBreachFilter) filter: SlaBreachFilter,
    @Arg('first', () => Int, { defaultValue: BREACH_PAGE.defaultFirst }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RecoveryContext,
  ): Promise<SlaBreachConnectionType> {
    const found = await slaBreaches(this.breaches, ctx.identity, filter, first, afterKey(after));
    return mapConnection(
      connectionFrom(found, first, (breach) => encodeCursor(breachKey(breach))),
      toBreachView,
    );
  }

  @Query(() => RecoveryMetricsType, { nullable: true, description: 'Floor metrics over the cases opened in [from, to).' })
  async recoveryMetrics(
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryMetricsType> {
    checkPattern('tenantId', tenantId, ID_PATTERN, 'is not a tenant id');
    if (!(from < to) || to.getTime() - from.getTime() > MAX_METRICS_SPAN_MS) {
      throw badUserInput('Choose a period with from before to, at most one year long.', { to: 'after from, within a year' });
    }
    return toMetricsView(tenantId, from, to, await this.queries.metrics(ctx.identity, tenantId, from, to));
  }
}
