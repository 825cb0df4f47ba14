/**
 * The event-loop delay of main at idle, as the System tab shows it: starts the headless host, opens the GUI in
 * Chromium, leaves it alone for a while, then reads the System tab's p50/p99 figures (a 5-10 s sliding window
 * from perf_hooks). Run: node scripts/build.mjs && node dist/bench/idle-loop.mjs [seconds]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHost } from '../src-main/host/host.js';
import { Workstation } from '../src-main/services/workstation.js';

const idleSeconds = Number(process.argv[2] ?? 30);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-idle-'));
const workstation = new Workstation({ dataDir, shell: 'headless', logLevel: 'warn' });
await workstation.start();
const host = await startHost({ workstation, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(host.urlWithToken);
  await page.getByTestId('system-loop-p99').waitFor();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const read = async (id: string): Promise<string> => (await page.getByTestId(id).textContent()) ?? '';
  const direct = workstation.loop.stats();
  console.log(`bench/idle-loop — main idle for ${idleSeconds} s with the GUI open (System tab subscribed)`);
  console.log(`System tab: loop p50 ${await read('system-loop-p50')} ms, p99 ${await read('system-loop-p99')} ms`);
  console.log(
    `monitor now: p50 ${direct.p50Ms.toFixed(3)} ms, p99 ${direct.p99Ms.toFixed(3)} ms, max ${direct.maxMs.toFixed(3)} ms over ${direct.samples} samples`,
  );
} finally {
  await browser.close();
  await host.close();
  await workstation.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
