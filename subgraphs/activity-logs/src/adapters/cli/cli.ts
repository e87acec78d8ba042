/**
 * `vigil-verify <export.ndjson> --keys <jwks.json> [--heads <heads.ndjson|json>] [--json]`
 *
 * Proves a verifiable export (GET /activity/export?…&signedHeads=true) complete and unaltered between
 * signed heads, with nothing but the published public keys: no Vigil secret, no database, no network.
 * Exit code 0 when proven, 1 when anything is broken or unproven (every break is listed with its line),
 * 2 for a usage or file error.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseExportLine } from '../../domain/chain-export-format.js';
import { verificationKeysFromJwks, type SignedHead } from '../../domain/signed-head.js';
import { ExportVerifier, type ExportVerification } from '../../domain/export-verifier.js';

const USAGE = `Usage: vigil-verify <export.ndjson> --keys <jwks.json> [--heads <file>] [--json]

  <export.ndjson>  a verifiable export: GET /activity/export?tenantId=…&signedHeads=true
  --keys <file>    the published public keys (GET /activity/signing-keys, or activitySigningKeys.jwks)
  --heads <file>   more signed heads: NDJSON lines or a JSON array (e.g. from activitySignedHeads)
  --json           print the report as JSON`;

/** Longest line read from an export (a line is one event, bounded at ingest). */
const MAX_LINE_LENGTH = 256 * 1024;

interface Options {
  readonly exportPath: string;
  readonly keysPath: string;
  readonly headsPath?: string;
  readonly json: boolean;
}

export async function main(argv: readonly string[], out: (text: string) => void = console.log): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(argv);
  } catch (err) {
    out(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let verifier: ExportVerifier;
  try {
    const keys = verificationKeysFromJwks(JSON.parse(await readFile(options.keysPath, 'utf8')));
    const heads = options.headsPath ? await readHeads(options.headsPath) : [];
    verifier = new ExportVerifier(keys, heads);
  } catch (err) {
    out(`vigil-verify: ${(err as Error).message}`);
    return 2;
  }
  let line = 0;
  try {
    const lines = createInterface({ input: createReadStream(options.exportPath, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const text of lines) {
      line += 1;
      verifier.acceptLine(text.length > MAX_LINE_LENGTH ? '{"kind":"oversized"}' : text, line);
    }
  } catch (err) {
    out(`vigil-verify: cannot read ${options.exportPath}: ${(err as Error).message}`);
    return 2;
  }
  const report = verifier.finish();
  out(options.json ? JSON.stringify(report, null, 2) : describe(report, options.exportPath));
  return report.ok ? 0 : 1;
}

function describe(report: ExportVerification, path: string): string {
  const lines = [
    report.ok
      ? `OK: ${path} is complete and unaltered: events ${report.provenFrom}..${report.provenTo} proven by signed heads.`
      : `FAILED: ${path}: ${report.breakCount} problem(s) found.`,
    `  ${report.eventCount} event line(s), ${report.signedHeadCount} signed head(s).`,
  ];
  for (const found of report.breaks) lines.push(`  ${found.reason}: ${found.detail}`);
  if (report.breakCount > report.breaks.length) lines.push(`  … and ${report.breakCount - report.breaks.length} more.`);
  return lines.join('\n');
}

function parseArguments(argv: readonly string[]): Options {
  let exportPath: string | undefined;
  let keysPath: string | undefined;
  let headsPath: string | undefined;
  let json = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${argument} needs a file`);
      index += 1;
      return next;
    };
    if (argument === '--keys') keysPath = value();
    else if (argument === '--heads' || argument === '--checkpoints') headsPath = value();
    else if (argument === '--json') json = true;
    else if (argument === '--help' || argument === '-h') throw new Error('vigil-verify: verify an activity export offline.');
    else if (argument.startsWith('--')) throw new Error(`Unknown option ${argument}`);
    else if (exportPath === undefined) exportPath = argument;
    else throw new Error(`Unexpected argument ${argument}`);
  }
  if (!exportPath) throw new Error('Give the export file to verify.');
  if (!keysPath) throw new Error('Give the public keys with --keys <jwks.json>: verification trusts nothing else.');
  return { exportPath, keysPath, ...(headsPath ? { headsPath } : {}), json };
}

/** Heads as NDJSON signedHead lines, or a JSON array of heads (activitySignedHeads), bounded. */
async function readHeads(path: string): Promise<{ head: SignedHead; where: string }[]> {
  const text = await readFile(path, 'utf8');
  const trimmed = text.trim();
  const items: { value: string; where: string }[] = trimmed.startsWith('[')
    ? (JSON.parse(trimmed) as unknown[]).map((item, index) => ({
        value: JSON.stringify({ kind: 'signedHead', ...(item as object) }),
        where: `${path}[${index}]`,
      }))
    : trimmed.split('\n').map((value, index) => ({ value, where: `${path} line ${index + 1}` }));
  if (items.length > 1_000_000) throw new Error(`${path}: too many heads`);
  return items
    .filter((item) => item.value.trim().length > 0)
    .map((item) => {
      let parsed;
      try {
        parsed = parseExportLine(item.value);
      } catch (err) {
        throw new Error(`${item.where}: ${(err as Error).message}`);
      }
      if (parsed.kind !== 'signedHead') throw new Error(`${item.where}: not a signed head`);
      return { head: parsed.head, where: item.where };
    });
}
