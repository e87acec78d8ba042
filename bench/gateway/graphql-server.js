// A lean GraphQL-over-HTTP server (node:http + graphql-js) for the bench subgraphs and the monolith: POST JSON,
// parse + validate cached per query text, execute, JSON answer. With `verify`, every request must carry the
// gateway's signed identity (checked with @vigil/core's verifyUpstreamIdentity, as Vigil subgraphs do) or gets 401.
import { createServer } from 'node:http';
import { execute, parse, validate } from 'graphql';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_CACHED_DOCUMENTS = 1_000;

export function serveGraphql(schema, port, { verify } = {}) {
  const documents = new Map();
  const documentOf = (query) => {
    let entry = documents.get(query);
    if (!entry) {
      const document = parse(query);
      entry = { document, errors: validate(schema, document) };
      if (documents.size >= MAX_CACHED_DOCUMENTS) documents.clear();
      documents.set(query, entry);
    }
    return entry;
  };
  const send = (response, status, body) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  };
  const handle = async (request, response) => {
    const chunks = [];
    let size = 0;
    for await (const chunk of request) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return send(response, 413, { errors: [{ message: 'Body too large' }] });
      chunks.push(chunk);
    }
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(response, 400, { errors: [{ message: 'Body is not JSON' }] });
    }
    if (typeof body?.query !== 'string') return send(response, 400, { errors: [{ message: 'No query' }] });
    if (verify) {
      try {
        await verify({ headers: {}, body });
      } catch (error) {
        return send(response, 401, { errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
    }
    let entry;
    try {
      entry = documentOf(body.query);
    } catch (error) {
      return send(response, 400, { errors: [{ message: error.message }] });
    }
    if (entry.errors.length > 0) return send(response, 400, { errors: entry.errors });
    const result = await execute({
      schema,
      document: entry.document,
      variableValues: body.variables,
      operationName: body.operationName,
    });
    send(response, 200, result);
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) send(response, 500, { errors: [{ message: String(error?.message ?? error) }] });
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
