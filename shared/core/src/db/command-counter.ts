import type { MongoClient, CommandStartedEvent } from 'mongodb';

/**
 * Counts the commands a MongoClient sends (driver command monitoring). Tests use it to prove batching:
 * "resolving 50 alerts' accounts made ONE `find` on `accounts`". Only a client connected with
 * `monitorCommands` emits the events (connectMongo's option, on in the test kit); counting on any other
 * client throws, so a test cannot pass by counting nothing.
 */
export class CommandCounter {
  private readonly started: { readonly name: string; readonly collection: string | undefined }[] = [];

  constructor(
    client: MongoClient,
    private readonly monitoring: boolean,
  ) {
    if (!monitoring) return;
    client.on('commandStarted', (event: CommandStartedEvent) => {
      const target = event.command[event.commandName];
      this.started.push({ name: event.commandName, collection: typeof target === 'string' ? target : undefined });
    });
  }

  /** How many `commandName` commands (optionally on one collection) were sent since the last reset. */
  count(commandName: string, collection?: string): number {
    if (!this.monitoring) throw new Error('command monitoring is off for this connection (connectMongo: monitorCommands)');
    return this.started.filter(
      (command) => command.name === commandName && (collection === undefined || command.collection === collection),
    ).length;
  }

  reset(): void {
    this.started.length = 0;
  }
}
