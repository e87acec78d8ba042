// Process: the load generator (autocannon), pinned apart from the servers. Argument: a JSON job
// { url, body, headers, connections, seconds }. Prints one JSON line: requests/s, latency percentiles, errors.
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: job.url,
  method: 'POST',
  headers: job.headers,
  body: job.body,
  connections: job.connections,
  duration: job.seconds,
  // Generous: on a loaded shared machine a request may wait long for its turn on the servers' CPU.
  timeout: 60,
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
);
