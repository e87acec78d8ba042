/**
 * Work a subgraph does outside requests: bus consumers, sweepers, delivery workers. A subgraph lists its tasks in
 * its module descriptor; core starts them after the server is built and stops them (in reverse order) before the
 * server stops, so no subgraph wires its own lifecycle.
 */
export interface BackgroundTask {
  /** In logs and metrics, e.g. `sla-sweeper`, `detection-consumer`. */
  readonly name: string;
  start(): Promise<void> | void;
  /** Stops taking new work and waits for the work in flight. */
  stop(): Promise<void>;
}
