import type { MongoClient, CommandStartedEvent } from 'mongodb';

/**
 * Counts the commands a MongoClient sends (driver command monitoring). Tests use it to prove batching:
 * "resolving 50 alerts' accounts made ONE `find` on `accounts`".
 */
export class CommandCounter {
  private readonly started: { readonly name: string; readonly collection: string | undefined }[] = [];

  constructor(client: MongoClient) {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      const target = event.command[event.commandName];
      this.started.push({ name: event.commandName, collection: typeof target === 'string' ? target : undefined });
    });
  }

  /** How many `commandName` commands (optionally on one collection) were sent since the last reset. */
  count(commandName: string, collection?: string): number {
    return this.started.filter(
      (command) => command.name === commandName && (collection === undefined || command.collection === collection),
    ).length;
  }

  reset(): void {
    this.started.length = 0;
  }
}
