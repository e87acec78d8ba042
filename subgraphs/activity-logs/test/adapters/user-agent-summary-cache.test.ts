import { describe, expect, it } from 'vitest';
import { deviceFromUserAgent } from '../../src/adapters/enrichment.js';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

describe('remembered user-agent summaries', () => {
  it('hands every caller its own copy: changing one summary does not change the next', () => {
    const first = deviceFromUserAgent(CHROME_ON_WINDOWS) as { browser?: string };
    first.browser = 'tampered';
    expect(deviceFromUserAgent(CHROME_ON_WINDOWS)).toEqual({ browser: 'Chrome 120', os: 'Windows 10', type: 'desktop' });
  });

  it('still answers correctly after more distinct user agents than it remembers', () => {
    for (let i = 0; i < 1_200; i += 1) deviceFromUserAgent(`${FIREFOX_ON_LINUX} build/${i}`);
    expect(deviceFromUserAgent(CHROME_ON_WINDOWS)).toEqual({ browser: 'Chrome 120', os: 'Windows 10', type: 'desktop' });
    expect(deviceFromUserAgent(`${FIREFOX_ON_LINUX} build/3`)).toMatchObject({ browser: 'Firefox 121', os: 'Linux' });
  });
});
