import { Gauge, type Registry } from '@vigil/core';
import type { RecoveryCaseModel } from './models/recovery-case.js';

/** The recovery-cases collectors (docs/operations.md): cases by status, all tenants (the floor's workload). */
export function recoveryCasesMetrics(cases: RecoveryCaseModel): (registry: Registry) => void {
  return (registry) => {
    new Gauge({
      name: 'vigil_recovery_cases',
      help: 'Recovery cases by status (all tenants).',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const groups = await cases.aggregate<{ _id: string; count: number }>([
          { $group: { _id: '$status', count: { $sum: 1 } } },
        ]);
        for (const group of groups) this.set({ status: String(group._id) }, group.count);
      },
    });
  };
}
