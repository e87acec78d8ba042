import { describe, expect, it } from 'vitest';
import { activity, at, failedLogin } from './support/events.js';
import { AlertsHarness, identity, nodes, type Page } from './support/harness.js';

const admin = identity(['ADMIN'], ['acme'], 'admin-1');
const analyst = identity(['SECURITY_ANALYST'], ['acme'], 'analyst-2');

const UPDATE = `mutation($input: DetectionSettingsInput!) {
  updateDetectionSettings(input: $input) { tenantId ipAllowlist rules { id enabled mode severity parameters { name value } } }
}`;

describe('tenant detection settings through GraphQL', () => {
  const harness = AlertsHarness.perSuite();
  const BRUTE_FORCE_DEFAULTS = [
    { name: 'threshold', value: 10 },
    { name: 'windowMinutes', value: 15 },
  ];
  /** The brute-force rule's parameters as `who` reads them for `tenantId`. */
  async function bruteForceParameters(who: typeof analyst, tenantId: string) {
    const { data } = await harness.graphql<{
      detectionSettings: { rules: { id: string; parameters: { name: string; value: number }[] }[] };
    }>(who, 'query ($t: ID!) { detectionSettings(tenantId: $t) { rules { id parameters { name value } } } }', { t: tenantId });
    return data?.detectionSettings.rules.find((rule) => rule.id === 'brute-force')?.parameters;
  }

  it('shows the defaults to an analyst and lets only an admin change them', async () => {
    expect(await bruteForceParameters(analyst, 'acme')).toEqual(BRUTE_FORCE_DEFAULTS);
    const denied = await harness.graphql(analyst, UPDATE, { input: { tenantId: 'acme', ipAllowlist: [] } });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects invalid settings listing every problem, and saves nothing', async () => {
    const { errors } = await harness.graphql(admin, UPDATE, {
      input: {
        tenantId: 'acme',
        ipAllowlist: ['10.0.0.0/40'],
        overrides: [{ ruleId: 'brute-force', parameters: [{ name: 'treshold', value: 3 }] }],
      },
    });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/10\.0\.0\.0\/40.*unknown parameter "treshold"/);
  });

  it('refuses a count a rule could never reach (its read holds fewer events), and takes the largest it can', async () => {
    const globexAdmin = identity(['ADMIN'], ['globex'], 'admin-3');
    const override = (ruleId: string, name: string, value: number) => ({
      input: { tenantId: 'globex', overrides: [{ ruleId, parameters: [{ name, value }] }] },
    });
    const tooMany = await harness.graphql(globexAdmin, UPDATE, override('brute-force', 'threshold', 5_001));
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0]?.message).toMatch(
      /brute-force: parameter "threshold" counts events of one read, which holds at most 5000/,
    );
    const history = await harness.graphql(globexAdmin, UPDATE, override('unusual-transaction', 'minHistory', 1_001));
    expect(history.errors?.[0]?.message).toMatch(/unusual-transaction: parameter "minHistory" .* at most 1000/);

    const largest = await harness.graphql<{
      updateDetectionSettings: { rules: { id: string; parameters: { name: string; value: number }[] }[] };
    }>(globexAdmin, UPDATE, override('brute-force', 'threshold', 5_000));
    expect(largest.errors).toBeUndefined();
    expect(largest.data?.updateDetectionSettings.rules.find((rule) => rule.id === 'brute-force')?.parameters).toContainEqual({
      name: 'threshold',
      value: 5_000,
    });
    // A window length is not a count: any value up to the general bound is still taken.
    const window = await harness.graphql(globexAdmin, UPDATE, override('brute-force', 'windowMinutes', 100_000));
    expect(window.errors).toBeUndefined();
  });

  it('refuses a fractional count and a parameter named twice, saying which, and saves nothing', async () => {
    const initechAdmin = identity(['ADMIN'], ['initech'], 'admin-4');
    const parameters = (ruleId: string, values: { name: string; value: number }[]) => ({
      input: { tenantId: 'initech', overrides: [{ ruleId, parameters: values }] },
    });
    // "count ≥ 0.5" fires on the first failed login: an admin who typed 0.5 meant something else.
    const fraction = await harness.graphql(initechAdmin, UPDATE, parameters('brute-force', [{ name: 'threshold', value: 0.5 }]));
    expect(fraction.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fraction.errors?.[0]?.message).toMatch(/brute-force: parameter "threshold" counts events: 0\.5 is not a whole number/);
    // Which of two values would win is not something an admin should have to guess.
    const twice = await harness.graphql(
      initechAdmin,
      UPDATE,
      parameters('brute-force', [
        { name: 'windowMinutes', value: 5 },
        { name: 'windowMinutes', value: 500 },
      ]),
    );
    expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(twice.errors?.[0]?.message).toMatch(/brute-force: parameter "windowMinutes" is given twice/);
    expect(await bruteForceParameters(initechAdmin, 'initech')).toEqual(BRUTE_FORCE_DEFAULTS);
    // A window is not a count: a fraction of a minute is still taken.
    const window = await harness.graphql(
      initechAdmin,
      UPDATE,
      parameters('brute-force', [{ name: 'windowMinutes', value: 7.5 }]),
    );
    expect(window.errors).toBeUndefined();
  });

  it('applies a lower threshold and per-rule allowlists at once: the tenant list hides the NAT from spray, not brute force', async () => {
    const { data, errors } = await harness.graphql<{
      updateDetectionSettings: {
        ipAllowlist: string[];
        latenessMinutes: number;
        rules: { id: string; ipAllowlist: string[]; parameters: { name: string; value: number }[] }[];
      };
    }>(
      admin,
      `mutation($input: DetectionSettingsInput!) {
        updateDetectionSettings(input: $input) { ipAllowlist latenessMinutes rules { id ipAllowlist parameters { name value } } }
      }`,
      {
        input: {
          tenantId: 'acme',
          ipAllowlist: ['192.0.2.0/24'],
          latenessMinutes: 2_880,
          overrides: [
            { ruleId: 'brute-force', parameters: [{ name: 'threshold', value: 3 }] },
            { ruleId: 'account-brute-force', ipAllowlist: ['203.0.113.9'] },
            { ruleId: 'password-spray', parameters: [{ name: 'distinctAccounts', value: 3 }] },
          ],
        },
      },
    );
    expect(errors).toBeUndefined();
    expect(data?.updateDetectionSettings.ipAllowlist).toEqual(['192.0.2.0/24']);
    expect(data?.updateDetectionSettings.latenessMinutes).toBe(2_880);
    expect(data?.updateDetectionSettings.rules.find((rule) => rule.id === 'account-brute-force')?.ipAllowlist).toEqual([
      '203.0.113.9',
    ]);

    const attack = (ip: string, accountId: string) =>
      [0, 1, 2].map((minute) => ({ ...failedLogin(minute, accountId, ip), tenantId: 'acme' }));
    const officeSpray = ['acme-c', 'acme-d', 'acme-e'].map((accountId) => ({
      ...failedLogin(5, accountId, '192.0.2.20'),
      tenantId: 'acme',
    }));
    await harness.record(...attack('198.51.100.40', 'acme-a'), ...attack('192.0.2.10', 'acme-b'), ...officeSpray);
    const alerts = await harness.graphql<{ alerts: Page<{ rule: string; relatedAccountIds: string[] }> }>(
      analyst,
      '{ alerts { edges { node { rule relatedAccountIds } } } }',
    );
    // Brute force from behind the office NAT is still raised; the office "spray" (3 colleagues) is not.
    expect(
      nodes(alerts.data?.alerts)
        ?.map((alert) => [alert.rule, alert.relatedAccountIds])
        .sort(),
    ).toEqual([
      ['brute-force', ['acme-a']],
      ['brute-force', ['acme-b']],
    ]);
  });

  it('records AUDIT_ONLY findings without raising them, and shows them on request', async () => {
    await harness.graphql(admin, UPDATE, {
      input: { tenantId: 'acme', overrides: [{ ruleId: 'reset-flood', mode: 'AUDIT_ONLY' }] },
    });
    const requests = [0, 5, 10, 15, 20].map((minute) =>
      activity({
        tenantId: 'acme',
        accountId: 'acme-c',
        type: 'user.account.password_reset.requested',
        category: 'security',
        occurredAt: at(minute),
      }),
    );
    await harness.record(...requests);
    const visible = await harness.graphql<{ alerts: Page<{ rule: string }> }>(
      analyst,
      '{ alerts(filter: { accountId: "acme-c" }) { edges { node { rule } } } }',
    );
    expect(nodes(visible.data?.alerts)).toEqual([]);
    const audited = await harness.graphql<{ alerts: Page<{ id: string; rule: string; mode: string }> }>(
      analyst,
      '{ alerts(filter: { accountId: "acme-c", includeAuditOnly: true }) { edges { node { id rule mode } } } }',
    );
    expect(nodes(audited.data?.alerts)?.map(({ rule, mode }) => ({ rule, mode }))).toEqual([
      { rule: 'reset-flood', mode: 'AUDIT_ONLY' },
    ]);
    // A finding kept for tuning has no lifecycle: acknowledging it is a refused state change, none allowed.
    const acknowledged = await harness.graphql(analyst, 'mutation ($id: ID!) { acknowledgeAlert(id: $id) { id } }', {
      id: nodes(audited.data?.alerts)?.[0]?.id,
    });
    expect(acknowledged.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', state: 'OPEN', allowedTransitions: [] });
  });

  it('reports MTTA, MTTR and false-positive rate per rule', async () => {
    await harness.acknowledgeAndClose(analyst, '{ rule: ["brute-force"], accountId: "acme-a" }', 'FALSE_POSITIVE', 'pen test');
    const metrics = await harness.graphql<{
      alertMetrics: { rule: string; alerts: number; open: number; falsePositiveRate: number; mttaSeconds: number }[];
    }>(
      analyst,
      '{ alertMetrics(tenantId: "acme", since: "2020-01-01T00:00:00Z") { rule alerts open falsePositiveRate mttaSeconds } }',
    );
    expect(metrics.errors).toBeUndefined();
    expect(metrics.data?.alertMetrics).toEqual([
      { rule: 'brute-force', alerts: 2, open: 1, falsePositiveRate: 1, mttaSeconds: expect.any(Number) },
    ]);
  });
});
