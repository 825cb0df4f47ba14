import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bar } from '../../src-shared/domain/bar.js';
import { toColumns, type BarColumns } from '../../src-main/backtest/market-data.js';
import { prng } from '../../src-main/backtest/optimize/search.js';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';

const DAY = 86_400_000;

/** The repository's root: this file is bundled into dist/bench/strategies.mjs. */
function repoRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/**
 * `count` daily bars of one symbol: the real daily files end to end, each played forward and then backward in time
 * (a reversed day swaps open and close), every copy scaled to start at the previous close, so prices stay in a
 * realistic range over a million bars (the same series as bench/backtest.ts).
 */
export function tiledDailyBars(count: number): Bar[] {
  const dir = process.env.YAHOO_DAILY_DIR ?? join(repoRoot(), 'tests', 'fixtures', 'yahoo-daily');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => parseYahooCsv(readFileSync(join(dir, f), 'utf8'), f));
  const copies = sources.flatMap((rows) => [rows, [...rows].reverse().map((r) => ({ ...r, o: r.c, c: r.o }))]);
  const out: Bar[] = [];
  let t = Date.UTC(1900, 0, 1);
  while (out.length < count) {
    for (const rows of copies) {
      const scale = out.length > 0 ? out[out.length - 1]!.c / rows[0]!.o : 1;
      for (const r of rows) {
        t += DAY;
        out.push({ t, o: r.o * scale, h: r.h * scale, l: r.l * scale, c: r.c * scale, v: r.v });
        if (out.length >= count) return out;
      }
    }
  }
  return out;
}

/**
 * `symbols` symbols x `days` weekdays of synthetic daily bars from 2000 on (seeded): one common market factor times
 * each symbol's beta plus its own noise, and every fourth symbol tied to the one before it by a mean-reverting
 * spread (a cointegrated pair for pairs-trading to find). Weekdays only, so month and week starts fall as they
 * would on the exchange calendar.
 */
export function crossSectionalUniverse(symbols: number, days: number, seed = 7): BarColumns[] {
  const rand = prng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const start = Date.UTC(2000, 0, 3);
  const market = Array.from({ length: days }, () => 0.01 * gauss());
  const logs: Float64Array[] = [];
  const out: BarColumns[] = [];
  for (let k = 0; k < symbols; k++) {
    const beta = 0.5 + rand();
    const log = new Float64Array(days);
    const tied = k % 4 === 3 ? logs[k - 1] : undefined;
    let level = Math.log(20 + k);
    let spread = 0;
    for (let i = 0; i < days; i++) {
      if (tied) {
        // log p = partner's log p + 0.3 + an OU spread with a half-life of about 10 days.
        spread = 0.93 * spread + 0.01 * gauss();
        log[i] = tied[i]! + 0.3 + spread;
      } else {
        level += beta * market[i]! + 0.015 * gauss();
        log[i] = level;
      }
    }
    logs.push(log);
    const bars: Bar[] = [];
    let previous = Math.exp(log[0]!);
    for (let i = 0; i < days; i++) {
      const close = Math.exp(log[i]!);
      const open = previous;
      previous = close;
      const day = start + (Math.floor(i / 5) * 7 + (i % 5)) * DAY;
      bars.push({ t: day, o: open, h: Math.max(open, close) * 1.005, l: Math.min(open, close) * 0.995, c: close, v: 1e6 * (1 + 4 * rand() ** 8) });
    }
    out.push(toColumns(`S${String(k).padStart(2, '0')}`, bars));
  }
  return out;
}
