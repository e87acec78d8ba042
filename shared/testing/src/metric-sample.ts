/** The value of one series in a Prometheus text scrape (`name{labels}` as printed), or undefined when absent. */
export function metricSample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
