import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/domain/rule-catalog.js';
import { RULES } from '../../src/domain/rules/index.js';
import { exampleActivity } from '../../src/domain/rules/examples.js';
import type { ExampleEvent } from '../../src/domain/rules/rule.js';
import { SEVERITIES } from '../../src/domain/severity.js';
import { EVENT_KINDS } from '../../src/domain/detection-event.js';
import { detect, ofRule } from '../support/engine.js';

/** Every rule of the catalog, whole: its definition is valid, its sources are real links, its examples hold. */
const replay = (events: readonly ExampleEvent[]) =>
  // As the bus carries them: activity-logs adds the actor (the examples are the customer's own activity).
  detect(events.map((event, index) => ({ actor: { type: 'CUSTOMER' as const }, ...exampleActivity(event, `ex-${index}`) })));

describe('the detection rule catalog', () => {
  it('holds one rule per id, in RULE_IDS order, with unique ids and names', () => {
    expect(RULES.map((rule) => rule.definition.id)).toEqual([...RULE_IDS]);
    expect(new Set(RULES.map((rule) => rule.definition.name)).size).toBe(RULES.length);
  });

  for (const { definition, examples } of RULES) {
    describe(definition.id, () => {
      it('has a valid definition and sources as https links, none left in the description', () => {
        expect(SEVERITIES).toContain(definition.severity);
        expect(['ALERT', 'AUDIT_ONLY']).toContain(definition.mode);
        expect(definition.triggers.length).toBeGreaterThan(0);
        for (const kind of definition.triggers) expect(EVENT_KINDS).toContain(kind);
        expect(definition.suppressionMinutes).toBeGreaterThanOrEqual(0);
        for (const value of Object.values(definition.params)) expect(Number.isFinite(value) && value >= 0).toBe(true);
        expect(definition.sources.length).toBeGreaterThan(0);
        for (const source of definition.sources) {
          expect(source.title.trim()).not.toBe('');
          expect(new URL(source.url).protocol).toBe('https:');
        }
        expect(definition.description).not.toMatch(/\((Auth0|Keycloak|Okta|Entra|Splunk|Elastic)\b/);
      });

      it('fires on its positive example and stays quiet on its negative one', async () => {
        expect(ofRule(await replay(examples.fires), definition.id).length).toBeGreaterThan(0);
        expect(ofRule(await replay(examples.quiet), definition.id)).toEqual([]);
      });
    });
  }
});
