import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createLogger } from '@vigil/core';
import { createGateway, gatewayOptionsFromConfig, type Gateway } from '@vigil/gateway';
import { WALL_DIST, wallSiteFor, type RunningStack } from '@vigil/stack';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots for a reviewer, git-ignored. */
export const ARTIFACTS = new URL('../artifacts/wall/', import.meta.url);

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  if (!existsSync(`${WALL_DIST}/index.html`))
    throw new Error('The web app is not built: run `npm run build` (or `npm run build -w wall`).');
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A gateway of the test's own in front of the stack's subgraphs, serving the web app: it can be stopped and
 * started again on the same port (the page keeps its origin), which the stack's own gateway cannot.
 */
export class WallGateway {
  private gateway: Gateway | undefined;
  private port = 0;

  constructor(private readonly stack: RunningStack) {}

  get wallUrl(): string {
    return `http://127.0.0.1:${this.port}/wall/`;
  }

  async start(): Promise<void> {
    const endpoints = [...this.stack.subgraphs.values()].map(({ name, url, server }) => ({
      name,
      url,
      httpRoutes: server.httpPaths ?? [],
    }));
    const logger = createLogger({ name: 'wall-e2e', level: process.env.E2E_LOG_LEVEL ?? 'silent' });
    const site = wallSiteFor(this.stack.config);
    if (!site) throw new Error('wallSiteFor found no built web app.');
    const gateway = createGateway({
      ...gatewayOptionsFromConfig(this.stack.config, endpoints, logger),
      port: this.port,
      host: '127.0.0.1',
      sites: [site],
    });
    await gateway.start();
    this.port = Number(new URL(gateway.url).port);
    this.gateway = gateway;
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    this.gateway = undefined;
  }
}

/** Signs in with the dev token picker's button for `role` and opens `view`. */
export async function signInAs(
  page: Page,
  wallUrl: string,
  role: string,
  view: 'wall' | 'analyst' | 'supervisor',
): Promise<void> {
  await page.goto(wallUrl);
  await page.locator(`button[data-role="${role}"]`).click();
  await page.goto(`${wallUrl}#/${view}`);
  await page.getByTestId('link-status').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
}

/** The page shows no error message (a failed query is rendered as `.error`). */
export async function errorsShown(page: Page): Promise<string[]> {
  return page.locator('.error').allTextContents();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

let axeSource: string | undefined;

/**
 * axe-core's WCAG 2 A/AA checks (contrast, names, roles, keyboard-reachable controls) on the page as it is now.
 * Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') needs no exception.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
