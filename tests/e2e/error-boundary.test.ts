import { build } from 'esbuild';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';

describe('per-tab error boundary (Chromium)', () => {
  let browser: Browser;
  let script: string;
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(__dirname, 'fixtures', 'error-boundary-page.tsx')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    script = bundle.outputFiles[0]!.text;
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('contains a crashing tab, keeps the others, and reloads the tab once the cause is gone', async () => {
    const page = await browser.newPage();
    await page.setContent('<div id="root"></div>');
    await page.addScriptTag({ content: script });
    const crash = page.getByTestId('first').getByTestId('tab-crash');
    await crash.waitFor();
    expect(await crash.textContent()).toContain('Chart stopped working');
    expect(await crash.textContent()).toContain('chart data was malformed');
    expect(await page.getByTestId('healthy').textContent()).toBe('healthy tab works');

    await page.evaluate(() => {
      (window as unknown as { breakTab: boolean }).breakTab = false;
    });
    await page.getByTestId('tab-reload').click();
    await page.getByTestId('fragile-ok').waitFor();
    expect(await page.getByTestId('tab-crash').count()).toBe(0);
    await page.close();
  });
});
