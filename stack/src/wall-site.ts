import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { DEMO_SEED } from '@vigil/accounts';
import type { Role, VigilConfig } from '@vigil/core';
import type { GatewaySite } from '@vigil/gateway';
import { fileURLToPath } from 'node:url';
import { createTokenMinter } from './dev-tokens.js';

/** The web app's mount point on the gateway: `http://host:port/wall/`. */
export const WALL_PREFIX = '/wall';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * Same origin only, no inline script, no framing: a page showing personal data must not be embeddable, and the
 * token it holds must not be reachable by injected markup. `connect-src 'self'` covers ws:// on the same host.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** One dev token per role for the demo tenant, in the order the sign-in picker lists them. */
const DEV_ROLES: ReadonlyArray<readonly [Role, string]> = [
  ['SECURITY_ANALYST', DEMO_SEED.agents.analyst],
  ['SUPERVISOR', DEMO_SEED.agents.supervisor],
  ['AGENT', DEMO_SEED.agents.agent],
  ['ADMIN', DEMO_SEED.agents.admin],
  ['AUDITOR', DEMO_SEED.agents.auditor],
];

export interface WallSiteOptions {
  /** The web app's build (`wall/dist`). */
  readonly directory: string;
  /**
   * Mints a dev token, for `GET /wall/dev-tokens.json` (the sign-in page's picker). Leave unset in production:
   * the route then answers 404 and the page offers only the identity provider's token.
   */
  readonly mintDevToken?: (role: Role, subject: string) => Promise<string>;
}

/**
 * The monitoring wall and analyst console as static files under `/wall/` (GET and HEAD only). Paths are resolved
 * inside `directory` and refused otherwise; a path without a file extension is a page of the app (index.html).
 * Hashed assets are cached for a year, index.html never (so a new build is picked up on reload).
 */
export function createWallSite(options: WallSiteOptions): GatewaySite {
  const root = normalize(options.directory);
  return {
    prefix: WALL_PREFIX,
    handle(request, response) {
      serve(request, response, root, options).catch(() => {
        if (!response.headersSent) response.writeHead(500, SECURITY_HEADERS).end();
        else response.destroy();
      });
    },
  };
}

async function serve(request: IncomingMessage, response: ServerResponse, root: string, options: WallSiteOptions): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(request.url ?? '/', 'http://wall');
  if (url.pathname === WALL_PREFIX) {
    response.writeHead(308, { ...SECURITY_HEADERS, location: `${WALL_PREFIX}/${url.search}` }).end();
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname.slice(WALL_PREFIX.length + 1));
  } catch {
    response.writeHead(400, SECURITY_HEADERS).end();
    return;
  }
  if (relative === 'dev-tokens.json') return devTokens(response, options);
  if (relative.includes('\0')) return notFound(response);
  const file = normalize(join(root, extname(relative) ? relative : 'index.html'));
  if (!file.startsWith(root + sep)) return notFound(response);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound(response);
  const immutable = file.startsWith(join(root, 'assets') + sep);
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

async function devTokens(response: ServerResponse, options: WallSiteOptions): Promise<void> {
  if (!options.mintDevToken) return notFound(response);
  const tenant = DEMO_SEED.tenants.demo;
  const tokens = await Promise.all(
    DEV_ROLES.map(async ([role, subject]) => ({ role, subject, tenant, token: await options.mintDevToken!(role, subject) })),
  );
  response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ tokens }));
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
}

/** The built web app (`wall/dist` beside this package), or undefined when it has not been built. */
export const WALL_DIST = fileURLToPath(new URL('../../wall/dist', import.meta.url));

/** The wall site for the one-process stack: dev tokens in the picker unless NODE_ENV is production. */
export function wallSiteFor(config: VigilConfig, directory = WALL_DIST): GatewaySite | undefined {
  if (!existsSync(join(directory, 'index.html'))) return undefined;
  if (config.NODE_ENV === 'production') return createWallSite({ directory });
  const mint = createTokenMinter(config);
  return createWallSite({
    directory,
    mintDevToken: (role, subject) => mint({ roles: [role], tenants: [DEMO_SEED.tenants.demo], subject }),
  });
}
