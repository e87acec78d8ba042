/**
 * The alerts subgraph's /metrics, scraped over real HTTP from a running subgraph on embedded MongoDB: the series
 * exist and move with what happens (an alert raised for a rule, events judged, outbox work and dead letters,
 * the detection group's lag back to 0 once it caught up).
 */
import { ConsumerOffsets, MongoActivityChainReader, Registry, registerConsumerLagMetrics } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToActivityChain, metricSample } from '@vigil/testing';
import { failedLogin } from './support/events.js';
import { AlertsHarness } from './support/harness.js';

const TENANT = 'ops2-metrics';
const burst = (accountId: string) =>
  Array.from({ length: 10 }, (_, i) => ({ ...failedLogin(i, accountId, '198.51.100.77'), tenantId: TENANT }));

describe('alerts /metrics', () => {
  const harness = new AlertsHarness();
  let metricsUrl: string;
  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    await harness.start();
    metricsUrl = harness.url.replace('/graphql', '/metrics');
  });
  afterAll(async () => {
    await harness.stop();
  });

  it("counts the rules' window reads by answer: a page after the first finds its keys in the window cache", async () => {
    const cached = 'vigil_detection_window_reads_total{answer="cache",subgraph="alerts"}';
    const stored = 'vigil_detection_window_reads_total{answer="store",subgraph="alerts"}';
    const events = burst('acc-window-cache');
    await harness.record(...events.slice(0, 5));
    const before = await scrape();
    await harness.record(...events.slice(5));
    const after = await scrape();
    expect(metricSample(after, stored)).toBeGreaterThan(0);
    expect(metricSample(after, cached)).toBeGreaterThan(metricSample(before, cached) ?? 0);
    expect(after).toContain('vigil_detection_window_cache_resets_total');
  });

  it('counts judged events and the alert raised for its rule, once (a redelivery adds nothing)', async () => {
    const raised = 'vigil_alerts_raised_total{rule="brute-force",subgraph="alerts"}';
    const judged = 'vigil_detection_events_total{subgraph="alerts"}';
    const before = await scrape();
    const events = burst('acc-metrics');
    await harness.record(...events);
    const after = await scrape();
    expect(metricSample(after, raised)).toBe((metricSample(before, raised) ?? 0) + 1);
    expect(metricSample(after, judged)).toBeGreaterThanOrEqual((metricSample(before, judged) ?? 0) + events.length);

    await harness.alerts.detection.handle(events[events.length - 1]!);
    expect(metricSample(await scrape(), raised)).toBe(metricSample(after, raised));
  });

  it('reports the detection group caught up (lag 0) once idle, and a group behind by what it has not read', async () => {
    await harness.settle();
    expect(metricSample(await scrape(), 'vigil_event_consumer_lag_events{group="alerts-detection",subgraph="alerts"}')).toBe(0);
    // A group nobody consumes: its lag is every event of every chain, and grows with each append.
    const registry = new Registry();
    const connection = harness.db.connection;
    const chain = new MongoActivityChainReader(connection);
    registerConsumerLagMetrics(registry, { group: 'ops2-idle', chain, offsets: new ConsumerOffsets(connection) });
    const lag = async () => (await registry.getSingleMetric('vigil_event_consumer_lag_events')!.get()).values[0]!.value;
    const before = await lag();
    await appendToActivityChain(connection, burst('acc-lag').slice(0, 3));
    expect(await lag()).toBe(before + 3);
  });

  it('shows outbox depth and dead letters from the notification collections', async () => {
    const depth = 'vigil_notification_outbox_depth{kind="job",subgraph="alerts"}';
    const dead = 'vigil_notification_dead_letters{kind="job",subgraph="alerts"}';
    const before = await scrape();
    const jobs = harness.db.connection.collection('notification_jobs');
    const job = (id: string, status: string) => ({
      _id: id as never,
      tenantId: TENANT,
      alert: {},
      status,
      attempts: 1,
      // Far in the future: the outbox worker leaves the queued one alone during the test.
      nextAttemptAt: new Date(Date.now() + 3_600_000),
      createdAt: new Date(),
    });
    await jobs.insertMany([job('ops2-queued', 'QUEUED'), job('ops2-dead', 'FAILED')]);
    const after = await scrape();
    expect(metricSample(after, depth)).toBe((metricSample(before, depth) ?? 0) + 1);
    expect(metricSample(after, dead)).toBe((metricSample(before, dead) ?? 0) + 1);
    expect(after).toContain('vigil_notification_outbox_depth{kind="delivery",subgraph="alerts"}');
  });
});
