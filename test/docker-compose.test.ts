/**
 * docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead: every service the
 * gateway composes exists and runs the right entry point, dependencies point at real services, secrets are required
 * rather than defaulted, every variable it sets is one the README documents, the image's runtime stage sets the
 * young generation every service runs with, and the gateway's compose supergraph config names the services by their
 * compose host names.
 */
import { readFileSync } from 'node:fs';
import { SUBGRAPHS } from '@vigil/stack';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

const root = new URL('../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const readme = readFileSync(new URL('README.md', root), 'utf8');
const services = compose.services;
const ours = [...SUBGRAPHS.map((subgraph) => subgraph.name), 'gateway'];

describe('docker-compose.yml', () => {
  it('runs every subgraph and the gateway from the one image, each with a health check', () => {
    for (const name of ours) {
      const service = services[name];
      expect(service, name).toBeDefined();
      expect(service!.build, name).toBe('.');
      expect(service!.command, name).toEqual([name]);
      expect(service!.healthcheck?.test.join(' '), name).toMatch(/healthz|readyz/);
    }
    expect(services.gateway!.ports).toContain('4000:4000');
  });

  it('points every dependency at a declared service, and the gateway waits for all subgraphs to be healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(services, `${name} → ${dependency}`).toHaveProperty(dependency);
    }
    for (const subgraph of SUBGRAPHS) expect(services.gateway!.depends_on?.[subgraph.name]?.condition).toBe('service_healthy');
  });

  it('runs MongoDB as a replica set (transactions need one) and points every service at it and at Redis', () => {
    expect(services.mongo!.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    for (const name of ours) {
      expect(services[name]!.environment?.MONGODB_URI, name).toBe('mongodb://mongo:27017/?replicaSet=rs0');
      expect(services[name]!.environment?.REDIS_URL, name).toBe('redis://redis:6379');
      expect(services[name]!.environment?.NODE_ENV, name).toBe('production');
    }
  });

  it('requires secrets instead of defaulting them, and sets only variables the README documents', () => {
    const text = readFileSync(new URL('docker-compose.yml', root), 'utf8');
    for (const secret of ['GATEWAY_SIGNING_KEY', 'ACTIVITY_SIGNING_KEY', 'RECOVERY_SECRET_PEPPER']) {
      expect(text).toMatch(new RegExp(`\\$\\{${secret}:\\?`));
    }
    for (const name of ours) {
      for (const variable of Object.keys(services[name]!.environment ?? {})) {
        expect(readme, `${name}: ${variable} is not in README.md`).toContain(`\`${variable}\``);
      }
    }
  });

  it("runs every service with the image's young generation, which no service's environment replaces (ADR 121)", () => {
    const runtime = readFileSync(new URL('Dockerfile', root), 'utf8')
      .split(/^FROM /m)
      .at(-1)!;
    expect(runtime).toMatch(/^ENV .*NODE_OPTIONS=--max-semi-space-size=64\b/m);
    for (const name of ours) expect(services[name]!.environment?.NODE_OPTIONS, name).toBeUndefined();
  });

  it('gives the gateway a supergraph config naming the compose services', () => {
    const path = services.gateway!.environment?.SUPERGRAPH_CONFIG;
    expect(path).toBe('/app/gateway/supergraph.compose.json');
    const config = JSON.parse(readFileSync(new URL('gateway/supergraph.compose.json', root), 'utf8')) as {
      subgraphs: Array<{ name: string; url: string }>;
    };
    for (const subgraph of SUBGRAPHS) {
      const entry = config.subgraphs.find((candidate) => candidate.name === subgraph.name);
      const port = services[subgraph.name]!.environment?.[`${subgraph.name.toUpperCase().replace(/-/g, '_')}_PORT`];
      expect(entry?.url, subgraph.name).toBe(`http://${subgraph.name}:${port}/graphql`);
    }
  });
});
