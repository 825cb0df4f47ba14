/**
 * IPC benchmark: main publishes a burst of numbered events, the headless host carries them over its
 * WebSocket to a page in Debian's Chromium, and the page measures what arrives. Run: npm run bench:ipc
 *
 * Figures, per mode (coalesced: at most 20 batches a second; immediate: one message per event):
 *  - delivered events per second (first send to last receipt, as seen by the page);
 *  - per-event age at receipt (p50/p99): time from publish in main to handling in the page, including the
 *    wait in the coalescing window;
 *  - per-batch transport latency (p50/p99): time from a batch leaving main to its handling in the page.
 * Both processes read the same clock (performance.timeOrigin + performance.now()).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHost } from '../src-main/host/host.js';
import { Workstation } from '../src-main/services/workstation.js';

interface PageResult {
  received: number;
  batches: number;
  seconds: number;
  ageP50: number;
  ageP99: number;
  transportP50: number;
  transportP99: number;
  batchesPerSecondMax: number;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

async function main(): Promise<void> {
  const scenarios: Array<{ label: string; coalesced: boolean; count: number; ratePerSecond?: number }> = [
    // As fast as main can publish: the throughput ceiling.
    { label: 'coalesced, unpaced', coalesced: true, count: 500_000 },
    { label: 'immediate, unpaced', coalesced: false, count: 100_000 },
    // A sustained feed at the target rate: the latency a GUI sees in steady state.
    { label: 'coalesced, 50k/s', coalesced: true, count: 250_000, ratePerSecond: 50_000 },
    { label: 'immediate, 50k/s', coalesced: false, count: 250_000, ratePerSecond: 50_000 },
    { label: 'immediate, 5k/s', coalesced: false, count: 25_000, ratePerSecond: 5_000 },
  ];
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ipc-'));
  const workstation = new Workstation({ dataDir, shell: 'headless', logLevel: 'warn' });
  await workstation.start();
  const host = await startHost({ workstation, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(host.urlWithToken);
    const rows: Array<[string, number, PageResult]> = [];
    for (const scenario of scenarios) {
      const result = await page.evaluate(runInPage, { token: host.token, ...scenario });
      rows.push([scenario.label, scenario.count, result]);
    }
    console.log(`bench/ipc — WebSocket transport, main -> Chromium ${browser.version()}, node ${process.versions.node}`);
    console.log('scenario            events   delivered  events/s   batches  max batches/s  age p50 ms  age p99 ms  transport p50 ms  transport p99 ms');
    for (const [label, count, r] of rows) {
      console.log(
        [
          label.padEnd(18),
          String(count).padStart(7),
          String(r.received).padStart(10),
          Math.round(r.received / r.seconds).toLocaleString('en-US').padStart(10),
          String(r.batches).padStart(9),
          String(r.batchesPerSecondMax).padStart(14),
          r.ageP50.toFixed(2).padStart(11),
          r.ageP99.toFixed(2).padStart(11),
          r.transportP50.toFixed(2).padStart(17),
          r.transportP99.toFixed(2).padStart(17),
        ].join(' '),
      );
    }
  } finally {
    await browser.close();
    await host.close();
    await workstation.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs inside the page: its own socket to the host, so the figures are the transport's, not React's. */
async function runInPage(args: { token: string; count: number; coalesced: boolean; ratePerSecond?: number }): Promise<PageResult> {
  const now = (): number => performance.timeOrigin + performance.now();
  const pageHost = (globalThis as unknown as { location: { host: string } }).location.host;
  const socket = new WebSocket(`ws://${pageHost}/ws`);
  const ages = new Float64Array(args.count);
  const transport: number[] = [];
  const batchSeconds = new Map<number, number>();
  let received = 0;
  let firstSent = Number.POSITIVE_INFINITY;
  let lastReceived = 0;
  const channel = args.coalesced ? 'diagnostics.pulse' : 'diagnostics.pulseImmediate';
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => resolve(), 60_000);
    socket.onerror = () => reject(new Error('socket error'));
    socket.onopen = () => socket.send(JSON.stringify({ t: 'auth', token: args.token }));
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { t: string; ch?: string; items?: Array<{ seq: number; sentAtMs: number }>; sentAtMs?: number };
      if (data.t === 'auth') {
        socket.send(JSON.stringify({ t: 'sub', ch: channel }));
        socket.send(JSON.stringify({ t: 'invoke', id: 1, ch: 'diagnostics.burst', req: { count: args.count, coalesced: args.coalesced, ratePerSecond: args.ratePerSecond } }));
        return;
      }
      if (data.t !== 'event' || data.ch !== channel || !data.items) return;
      const at = now();
      transport.push(at - (data.sentAtMs ?? at));
      const second = Math.floor(at / 1000);
      batchSeconds.set(second, (batchSeconds.get(second) ?? 0) + 1);
      for (const item of data.items) {
        if (received < ages.length) ages[received] = at - item.sentAtMs;
        received++;
        if (item.sentAtMs < firstSent) firstSent = item.sentAtMs;
      }
      lastReceived = at;
      if (received >= args.count) {
        clearTimeout(timeout);
        resolve();
      }
    };
  });
  socket.close();
  const percentile = (values: ArrayLike<number>, p: number): number => {
    const sorted = Array.from(values).sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
  };
  const delivered = ages.subarray(0, Math.min(received, ages.length));
  // Whole seconds only: the first and last are partial.
  const perSecond = [...batchSeconds.values()].slice(1, -1);
  return {
    received,
    batches: transport.length,
    seconds: (lastReceived - firstSent) / 1000,
    ageP50: percentile(delivered, 50),
    ageP99: percentile(delivered, 99),
    transportP50: percentile(transport, 50),
    transportP99: percentile(transport, 99),
    batchesPerSecondMax: perSecond.length ? perSecond.reduce((a, b) => Math.max(a, b)) : transport.length,
  };
}

await main();
