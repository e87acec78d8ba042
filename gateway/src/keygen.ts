#!/usr/bin/env node
/**
 * `npm run keygen -- [--kid <id>]`: a new Ed25519 key for the gateway. Prints the private JWK (GATEWAY_SIGNING_KEY,
 * keep it secret, give it to the gateway only) and the JWKS of its public half (what subgraphs and partners trust).
 */
import { parseArgs } from 'node:util';
import { generateGatewaySigningKey } from '@vigil/core';

const { values } = parseArgs({ options: { kid: { type: 'string' } } });
const kid = values.kid ?? `vigil-${new Date().toISOString().slice(0, 10)}`;
const key = generateGatewaySigningKey(kid);
const privateJwk = { ...key.privateKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
console.log(`GATEWAY_SIGNING_KEY='${JSON.stringify(privateJwk)}'`);
console.log(`# public JWKS (served by the gateway at /.well-known/vigil-gateway-jwks.json; usable as GATEWAY_PUBLIC_KEYS):`);
console.log(`# ${JSON.stringify({ keys: [key.publicJwk] })}`);
