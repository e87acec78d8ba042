// The MongoDB commands a bench phase sent (BENCH_COMMANDS=1), per subgraph, command and collection: how many, how
// many statements they carried (documents inserted, updates, deletes) and how many documents their answers returned
// (first batches and getMores). Driver command monitoring costs CPU: count in a run of its own, time the others.
// The stack must be started with monitorCommands (startBenchStack's option) for the driver to report commands.

/** Starts listening on every subgraph's client; `start()` / `stop()` bound the phase, `print()` writes the table. */
export function commandCounter(stack) {
  const rows = new Map();
  let counting = false;
  for (const [subgraph, running] of stack.subgraphs) {
    const client = running.mongo.connection.getClient();
    const pending = new Map();
    client.on('commandStarted', (event) => {
      if (!counting) return;
      const target = event.command[event.commandName];
      const key = `${subgraph} ${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
      const row = rows.get(key) ?? { commands: 0, statements: 0, returned: 0 };
      row.commands += 1;
      const { documents, updates, deletes } = event.command;
      row.statements += (documents ?? updates ?? deletes ?? []).length;
      rows.set(key, row);
      pending.set(event.requestId, row);
    });
    client.on('commandSucceeded', (event) => {
      const row = pending.get(event.requestId);
      if (row === undefined) return;
      pending.delete(event.requestId);
      const cursor = event.reply?.cursor;
      row.returned += (cursor?.firstBatch ?? cursor?.nextBatch ?? []).length;
    });
    client.on('commandFailed', (event) => pending.delete(event.requestId));
  }
  return {
    start: () => {
      rows.clear();
      counting = true;
    },
    stop: () => {
      counting = false;
    },
    print: (title) => {
      console.log(`${title}: commands, statements, documents returned — subgraph, command, collection`);
      for (const [key, row] of [...rows].sort((a, b) => b[1].commands - a[1].commands)) {
        console.log(
          `${String(row.commands).padStart(8)} ${String(row.statements).padStart(8)} ${String(row.returned).padStart(9)}  ${key}`,
        );
      }
    },
  };
}
