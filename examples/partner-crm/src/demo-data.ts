import type { CrmRecord, CrmStore } from './crm-schema.js';

/** CRM records for Vigil's demo tenants (`npm start` seeds the matching accounts). */
export function demoCrmStore(): CrmStore {
  const demo = new Map<string, CrmRecord>([
    ['acc-demo-jordan-rivera', { tier: 'GOLD', owner: 'R. Mensah (client success)', openTickets: 2 }],
    ['acc-demo-sam-okafor', { tier: 'STANDARD', owner: 'Marc D. (client success)', openTickets: 0 }],
  ]);
  return new Map([['demo', demo]]);
}
