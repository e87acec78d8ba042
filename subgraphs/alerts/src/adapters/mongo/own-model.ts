import type { Connection, Schema } from 'mongoose';

/**
 * The factory of one alerts model: on the subgraph's own connection, never on mongoose's global one.
 * overwriteModels: building the subgraph twice on one connection (tests, the stack) reuses the same schema.
 */
export function ownModel<TSchema extends Schema>(name: string, schema: TSchema) {
  return (connection: Connection) => connection.model(name, schema, undefined, { overwriteModels: true });
}
