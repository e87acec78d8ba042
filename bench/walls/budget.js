// The latency budget of one alert (WALLS_TRACE=1, ADR 108): the stack's marks of every round (trace.js), as ms from
// the mutation sent; printed as one timeline of medians over the rounds, in order, with the step from the previous
// line. Marks after the gateway's first wall frame are left out (notification worker, outbox clean-up, …).

// The same p50 as index.js prints (the upper median of an even count).
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length / 2))];
};

/** `traces`: per round, `[{ label, ms }]`; `firstWall`: the median time to the first wall (subscriber side). */
export function printBudget(traces, firstWall) {
  const byLabel = new Map();
  for (const marks of traces) {
    for (const { label, ms } of marks) {
      const list = byLabel.get(label) ?? [];
      list.push(ms);
      byLabel.set(label, list);
    }
  }
  const end = median(byLabel.get('gateway first wall frame written #1') ?? [Infinity]);
  const lines = [...byLabel.entries()]
    .map(([label, values]) => ({ label, at: median(values), rounds: values.length }))
    .filter(({ at }) => at >= 0 && at <= end)
    .sort((a, b) => a.at - b.at);
  console.log(
    `latency budget (WALLS_TRACE=1; medians over ${traces.length} rounds, ms from the mutation sent; Δ = from the line before):`,
  );
  // Consecutive marks of one step (the n-th PubSub publication of a batch…) are printed as one line, at the last.
  const merged = [];
  for (const line of lines) {
    const base = line.label.replace(/ #\d+$/, '');
    const last = merged.at(-1);
    if (last && last.base === base && last.rounds === line.rounds)
      Object.assign(last, { at: line.at, to: line.label.match(/#\d+$/)[0] });
    else merged.push({ ...line, base });
  }
  let previous = 0;
  for (const { label, to, at, rounds } of merged) {
    const seen = rounds === traces.length ? '' : ` (in ${rounds} of ${traces.length} rounds)`;
    console.log(
      `  ${at.toFixed(1).padStart(7)}  Δ ${(at - previous).toFixed(1).padStart(6)}  ${label}${to ? `–${to}` : ''}${seen}`,
    );
    previous = at;
  }
  console.log(
    `  ${firstWall.toFixed(1).padStart(7)}  Δ ${(firstWall - previous).toFixed(1).padStart(6)}  first wall received (subscriber process)`,
  );
  // In the one-process stack every MongoDB command is CPU on the same core (driver, BSON both ways, the embedded
  // server): how many each service sent before the first frame, per round.
  const commands = new Map();
  for (const marks of traces) {
    const frame = marks.find(({ label }) => label === 'gateway first wall frame written #1')?.ms ?? Infinity;
    const counts = new Map();
    for (const { label, ms } of marks) {
      const command = label.match(/^(\S+) mongo (.*) sent #\d+$/);
      if (!command || ms < 0 || ms > frame) continue;
      counts.set(command[1], (counts.get(command[1]) ?? 0) + 1);
      counts.set(`  ${command[1]}: ${command[2]}`, (counts.get(`  ${command[1]}: ${command[2]}`) ?? 0) + 1);
    }
    for (const [key, count] of counts) commands.set(key, [...(commands.get(key) ?? []), count]);
  }
  const rounds = traces.length;
  const total = traces.map((_, round) =>
    [...commands].filter(([key]) => !key.startsWith(' ')).reduce((sum, [, counts]) => sum + (counts[round] ?? 0), 0),
  );
  console.log(`MongoDB commands sent before the first wall frame, per round (median; ${median(total)} in all):`);
  for (const [key, counts] of [...commands].sort(([a], [b]) => a.trim().localeCompare(b.trim()))) {
    const padded = [...counts, ...Array(rounds - counts.length).fill(0)];
    console.log(`  ${String(median(padded)).padStart(3)}  ${key}`);
  }
}
