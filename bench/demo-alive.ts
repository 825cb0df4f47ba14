/**
 * How soon a fresh demo start comes alive (issue 17: "orders, fills and P&L within a minute"), at real speed: a local
 * exchange whose clock runs at 1x from a Monday 10:00 New York, a workstation on a fresh data folder with the app's
 * demo bots on, and the wall time from the workstation's start to each demo bot's first order and first fill.
 * Run: node scripts/build.mjs bench && node dist/bench/demo-alive.mjs [seconds=120]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExchange } from '../src-main/exchange/exchange.js';
import { Workstation } from '../src-main/services/workstation.js';

const seconds = Number(process.argv[2] ?? 120);
const MONDAY_TEN = Date.parse('2024-03-11T14:00:00Z');
const load = (): string => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

async function main(): Promise<void> {
  const exchange = await startExchange({ seed: 17, speed: 1, startTime: MONDAY_TEN, log: { warn: () => {}, error: () => {} } });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-demo-alive-'));
  const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
  const started = performance.now();
  const workstation = new Workstation({ dataDir, shell: 'headless', logLevel: 'warn', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys }, demoBots: true });
  try {
    await workstation.start();
    const demo = await workstation.demoOffer;
    const names = new Map(demo.map((b) => [`bot:${b.id}`, b.name]));
    process.stdout.write(`workstation started, ${demo.length} demo bots running after ${((performance.now() - started) / 1000).toFixed(1)} s  ${load()}\n`);
    const firstOrder = new Map<string, number>();
    const firstFill = new Map<string, number>();
    const deadline = started + seconds * 1000;
    while (performance.now() < deadline && firstFill.size < names.size) {
      const at = (performance.now() - started) / 1000;
      for (const o of workstation.orders.manager.orders()) {
        if (!names.has(o.source)) continue;
        if (!firstOrder.has(o.source)) firstOrder.set(o.source, at);
        if (Number(o.filledQty) > 0 && !firstFill.has(o.source)) firstFill.set(o.source, at);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const s = (v: number | undefined): string => (v === undefined ? `none in ${seconds} s` : `${v.toFixed(1)} s`);
    for (const [source, name] of names) process.stdout.write(`${name.padEnd(34)} first order ${s(firstOrder.get(source)).padStart(14)}  first fill ${s(firstFill.get(source)).padStart(14)}\n`);
    const earliest = (times: Iterable<number>): number | undefined => {
      let min: number | undefined;
      for (const t of times) if (min === undefined || t < min) min = t;
      return min;
    };
    process.stdout.write(`any demo bot: first order ${s(earliest(firstOrder.values()))}, first fill ${s(earliest(firstFill.values()))}  ${load()}\n`);
  } finally {
    await workstation.stop();
    await exchange.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
