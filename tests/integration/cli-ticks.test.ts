// `workstation backtest --ticks DIR --latency-ms N` on the built CLI: quote-level fills from quote and trade CSVs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

const T0 = Date.UTC(2024, 0, 2, 14, 30);
const MIN = 60_000;

/** Ten minutes of quotes every 100 ms on a slow sine (so sma-cross trades), deep enough to fill 100 shares at once. */
function writeTicks(dir: string): Array<{ t: number; bid: number; ask: number }> {
  const quotes: Array<{ t: number; bid: number; ask: number }> = [];
  const q = ['t,bid,bidSize,ask,askSize'];
  const tr = ['t,price,size'];
  for (let k = 0; k < 6000; k++) {
    const t = T0 + k * 100;
    const mid = Math.round((100 + 0.5 * Math.sin(k / 300)) * 100) / 100;
    const bid = Math.round((mid - 0.01) * 100) / 100;
    const ask = Math.round((mid + 0.01) * 100) / 100;
    quotes.push({ t, bid, ask });
    // ISO times in the quotes file, epoch ms in the trades file: both are read.
    q.push(`${new Date(t).toISOString()},${bid},500,${ask},500`);
    if (k % 10 === 5) tr.push(`${t + 50},${bid},200`);
  }
  writeFileSync(join(dir, 'AAA-quotes.csv'), `${q.join('\n')}\n`);
  writeFileSync(join(dir, 'AAA-trades.csv'), `${tr.join('\n')}\n`);
  return quotes;
}

interface Out {
  fills: Array<{ side: string; qty: number; price: number; t: number }>;
  fillModel: { queue?: { latencyMs: number } };
}

describe('workstation backtest --ticks', () => {
  let dir = '';
  let quotes: Array<{ t: number; bid: number; ask: number }> = [];
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-ticks-'));
    quotes = writeTicks(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const runWith = (latency: string): Out => {
    const out = join(dir, `out-${latency}.json`);
    const run = cli('backtest', '--strategy', 'sma-cross', '--param', 'fast=2', '--param', 'slow=4', '--ticks', dir, '--latency-ms', latency, '--json', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('AAA: 6,000 quotes from');
    expect(run.stdout).toContain('AAA: 10 1Min bars');
    return JSON.parse(readFileSync(out, 'utf8')) as Out;
  };

  /** The quote in force just before t (the book a market order sent before t meets). */
  const quoteBefore = (t: number) => quotes.filter((q) => q.t < t).at(-1)!;

  it('market orders from bars made of the ticks fill at the touch of the quote they meet, after the latency', () => {
    const fast = runWith('0');
    const slow = runWith('250');
    expect(slow.fillModel.queue).toEqual({ latencyMs: 250 });
    for (const r of [fast, slow]) {
      expect(r.fills.length).toBeGreaterThanOrEqual(2);
      // 100 shares against 500 shown: each order fills whole at the ask (buy) or bid (sell).
      for (const f of r.fills) expect([f.qty, f.price]).toEqual([100, f.side === 'buy' ? quoteBefore(f.t).ask : quoteBefore(f.t).bid]);
    }
    // Sent in onBar after a minute's last tick (…59.9 s): without latency it meets the next minute's first quote; with
    // 250 ms it is live from about 0.15 s into the next minute.
    expect(fast.fills.map((f) => (f.t - T0) % MIN)).toEqual(fast.fills.map(() => 0));
    for (const f of slow.fills) expect((f.t - T0) % MIN).toBeGreaterThanOrEqual(150);
    expect(slow.fills.map((f) => Math.floor((f.t - T0) / MIN))).toEqual(fast.fills.map((f) => Math.floor((f.t - T0) / MIN)));
  });

  it('refuses a malformed file with its name and line, and --latency-ms without --ticks', () => {
    const bad = join(dir, 'bad');
    rmSync(bad, { recursive: true, force: true });
    mkdirSync(bad);
    writeFileSync(join(bad, 'BBB-trades.csv'), `t,price,size\n${T0},10,5\n${T0 + 5},10,5\n${T0 + 1},10,5\n`);
    const order = cli('backtest', '--strategy', 'sma-cross', '--ticks', bad);
    expect(order.status).not.toBe(0);
    expect(order.stderr).toMatch(/BBB-trades\.csv:4: time \d+ is earlier than the row before it/);
    writeFileSync(join(bad, 'BBB-trades.csv'), 't,bid,ask\n');
    expect(cli('backtest', '--strategy', 'sma-cross', '--ticks', bad).stderr).toMatch(/BBB-trades\.csv:1: the header must be "t,bid,bidSize,ask,askSize" \(quotes\) or "t,price,size"/);
    writeFileSync(join(bad, 'BBB-trades.csv'), `t,price,size\n${Math.floor(T0 / 1000)},10,5\n`);
    expect(cli('backtest', '--strategy', 'sma-cross', '--ticks', bad).stderr).toMatch(/BBB-trades\.csv:2: time \d+ looks like epoch seconds/);
    const latency = cli('backtest', '--strategy', 'sma-cross', '--latency-ms', '5', '--data', join(bad, 'BBB-trades.csv'));
    expect(latency.stderr).toContain('--latency-ms applies to quote-level fills: give --ticks too');
  });
});
