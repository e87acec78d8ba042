// Bench-only latency budget of one alert (WALLS_TRACE=1, ADR 108): timestamps, in the stack process, of every step
// between the `recordActivities` request reaching the gateway and the gateway writing the first wall frame.
// Sources, none of them in the product code:
// - HTTP requests on each server (node:diagnostics_channel `http.server.request.start` / `response.finish`);
// - MongoDB commands per subgraph connection (driver command monitoring: the stack is started with
//   `monitorCommands`, which decodes every reply twice, so a traced run is slower than an untraced one);
// - bus and PubSub publications (the stack's one bus and PubSub instance, wrapped);
// - `next` frames written by the subgraphs' graphql-ws servers (the gateway's upstreams) and by the gateway.
// Each mark is `<label> #<n>` (n-th of that label in the round), in ms since the epoch (performance clock).
import { subscribe } from 'node:diagnostics_channel';

const now = () => performance.timeOrigin + performance.now();

export class AlertTrace {
  marks = [];
  #counts = new Map();

  /** Starts recording; `stack` is startStack's result (started with `monitorCommands: true`). */
  constructor(stack) {
    const servers = new Map([[portOf(stack.gatewayUrl), 'gateway']]);
    for (const { name, url } of stack.subgraphs.values()) servers.set(portOf(url), name);
    this.servers = servers;
    const serverName = (server) => servers.get(server?.address()?.port) ?? 'other';
    const paths = new WeakMap();
    subscribe('http.server.request.start', ({ request, server }) => {
      paths.set(request, serverName(server));
      this.mark(`${serverName(server)} http request in`);
    });
    subscribe('http.server.response.finish', ({ request }) => {
      this.mark(`${paths.get(request) ?? 'other'} http response sent`);
    });
    for (const { name, mongo } of stack.subgraphs.values()) {
      const client = mongo.connection.getClient();
      const started = new Map();
      client.on('commandStarted', (event) => {
        const target = event.command[event.commandName];
        const label = `${name} mongo ${event.commandName}${typeof target === 'string' ? ` ${target}` : ''}`;
        started.set(event.requestId, label);
        this.mark(`${label} sent`);
      });
      const done = (event) => {
        const label = started.get(event.requestId);
        started.delete(event.requestId);
        if (label) this.mark(`${label} answered`);
      };
      client.on('commandSucceeded', done);
      client.on('commandFailed', done);
    }
    const publish = stack.bus.publish.bind(stack.bus);
    stack.bus.publish = (topic, ...rest) => {
      this.mark(`bus publish ${topic}`);
      return publish(topic, ...rest);
    };
    const pubsubPublish = stack.pubsub.publish.bind(stack.pubsub);
    stack.pubsub.publish = (channel, ...rest) => {
      this.mark(`pubsub publish ${channel}`);
      return pubsubPublish(channel, ...rest);
    };
  }

  /** A `next` frame written to a socket whose local port is `port` (the gateway's walls or a subgraph's upstream). */
  frame(port) {
    const name = this.servers.get(port);
    if (name && name !== 'gateway') this.mark(`${name} ws next frame written`);
  }

  mark(label) {
    const n = (this.#counts.get(label) ?? 0) + 1;
    this.#counts.set(label, n);
    this.marks.push({ label: `${label} #${n}`, at: now() });
  }

  /** The round's marks; starts a new round. */
  take() {
    const marks = this.marks;
    this.marks = [];
    this.#counts.clear();
    return marks;
  }
}

function portOf(url) {
  return Number(new URL(url).port);
}
