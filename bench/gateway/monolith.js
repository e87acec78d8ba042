// Process: the monolith, one graphql-js server answering the bench query from the same data (no gateway).
import { monolithSchema } from './monolith-schema.js';
import { serveGraphql } from './graphql-server.js';

await serveGraphql(monolithSchema, Number(process.env.PORT));
console.log('ready');
