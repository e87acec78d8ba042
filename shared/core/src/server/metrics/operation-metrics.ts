import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Distinct operation names kept as label values; more are counted as `other` (bounded cardinality). */
const MAX_OPERATION_NAMES = 200;
const ERROR_CODE = /^[A-Z_]{1,64}$/;

/** Histogram buckets for request latency, in seconds. */
export const LATENCY_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A latency histogram (seconds, LATENCY_SECONDS buckets) registered on `registry`. */
export function latencyHistogram<Label extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly Label[],
): Histogram<Label> {
  return new Histogram({ name, help, labelNames, buckets: LATENCY_SECONDS, registers: [registry] });
}

/** The help text of each GraphQL operation collector (each server says what it counts). */
export interface OperationMetricsHelp {
  readonly operations: string;
  readonly operationSeconds: string;
  readonly errors: string;
  readonly openSubscriptions: string;
}

/**
 * The GraphQL operation collectors the gateway and every subgraph expose, named under their own prefix:
 * operations by name and type, latency by name, errors by code, open subscriptions, and process metrics.
 * One registry per server (several servers may share a process).
 */
export class OperationMetrics {
  readonly registry = new Registry();
  readonly operations: Counter<'operation' | 'type'>;
  readonly operationSeconds: Histogram<'operation'>;
  readonly errors: Counter<'code'>;
  readonly openSubscriptions: Gauge;
  private readonly names = new Set<string>();

  constructor(prefix: string, help: OperationMetricsHelp, defaultLabels?: Record<string, string>) {
    const registers = [this.registry];
    this.operations = new Counter({
      name: `${prefix}_operations_total`,
      help: help.operations,
      labelNames: ['operation', 'type'] as const,
      registers,
    });
    this.operationSeconds = latencyHistogram(this.registry, `${prefix}_operation_duration_seconds`, help.operationSeconds, [
      'operation',
    ] as const);
    this.errors = new Counter({ name: `${prefix}_errors_total`, help: help.errors, labelNames: ['code'] as const, registers });
    this.openSubscriptions = new Gauge({ name: `${prefix}_open_subscriptions`, help: help.openSubscriptions, registers });
    if (defaultLabels) this.registry.setDefaultLabels(defaultLabels);
    collectDefaultMetrics({ register: this.registry, prefix: `${prefix}_` });
  }

  /** The label for an operation name: anonymous, a known name, or `other` past the cardinality cap. */
  operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  /** Counts answered errors by `extensions.code`; a missing or malformed code is UNKNOWN (bounded labels). */
  countErrors(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): void {
    for (const error of errors ?? []) {
      const code = error.extensions?.code;
      this.errors.inc({ code: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'UNKNOWN' });
    }
  }
}
