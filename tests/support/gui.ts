import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { startExchange, type ExchangeOptions, type RunningExchange } from '../../src-main/exchange/exchange.js';
import type { ExchangeEndpoints } from '../../src-main/exchange/worker/protocol.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { collectPageProblems, launchChromium, waitForDock } from './chromium.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A Wednesday, 10:00 in New York: the regular session is open (start exchanges here for a live market). */
export const SESSION_START = Date.parse('2024-03-06T15:00:00Z');

/** What a workstation needs to trade and read data against a test's own exchange. */
export function endpointsOf(exchange: ExchangeEndpoints): ExchangeEndpoints {
  const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
  return { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys };
}

export interface Gui {
  host: RunningHost;
  browser: Browser;
  page: Page;
  /** Uncaught page errors and console errors, for a test to assert empty. */
  pageErrors: string[];
  /** Content-Security-Policy violations the page reported. */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * The GUI of a started workstation in Debian's Chromium: the headless host on a free loopback port, one page
 * (1440 wide) signed in with the host's token, the dock ready, page problems collected.
 */
export async function openGui(workstation: Workstation, options: { waitMs?: number; height?: number } = {}): Promise<Gui> {
  const host = await startHost({ workstation, rendererDir: join(root, 'dist/renderer'), port: 0 });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: options.height ?? 900 } });
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  collectPageProblems(page, pageErrors, cspViolations);
  await page.goto(host.urlWithToken);
  await waitForDock(page, options.waitMs ?? 15_000);
  return {
    host,
    browser,
    page,
    pageErrors,
    cspViolations,
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}

export interface ExchangeSession extends Gui {
  exchange: RunningExchange;
  workstation: Workstation;
  dataDir: string;
}

/**
 * A test's own local exchange (opening at SESSION_START unless told otherwise), a workstation trading and reading
 * market data against it from a fresh data dir with no keychain, and its GUI in Chromium; `close` ends them all.
 */
export async function openExchangeSession(name: string, exchangeOptions: ExchangeOptions, waitMs?: number): Promise<ExchangeSession> {
  const exchange = await startExchange({ startTime: SESSION_START, ...exchangeOptions });
  const dataDir = mkdtempSync(join(tmpdir(), `workstation-e2e-${name}-`));
  const workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: endpointsOf(exchange) });
  await workstation.start();
  const gui = await openGui(workstation, waitMs === undefined ? {} : { waitMs });
  return {
    ...gui,
    exchange,
    workstation,
    dataDir,
    close: async () => {
      await gui.close();
      await workstation.stop();
      await exchange.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
