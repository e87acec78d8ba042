#!/usr/bin/env node
/**
 * `npm start -w @vigil-examples/partner-crm`: the example partner subgraph on PARTNER_CRM_PORT (default 4010),
 * trusting the Vigil gateway's keys at VIGIL_JWKS_URL (default the local `npm start` gateway).
 */
import { demoCrmStore } from './demo-data.js';
import { startPartnerCrm } from './server.js';

const crm = await startPartnerCrm({
  jwksUrl: process.env.VIGIL_JWKS_URL || 'http://127.0.0.1:4000/.well-known/vigil-gateway-jwks.json',
  port: Number(process.env.PARTNER_CRM_PORT || 4010),
  store: demoCrmStore(),
});
console.log(`partner-crm subgraph at ${crm.url}`);
const stop = () => void crm.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
