export { startPartnerCrm, type PartnerCrm, type PartnerCrmOptions } from './server.js';
export { createVigilVerifier, canonicalJson, VigilIdentityError, type VigilCaller } from './verify-vigil-identity.js';
export { typeDefs, createResolvers, type CrmRecord, type CrmStore } from './crm-schema.js';
export { demoCrmStore } from './demo-data.js';
