// `workstation strategies [--json]`, and every listed strategy through `workstation backtest`, on the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

interface Listed {
  name: string;
  family: string;
  description: string;
  needs: string[];
  minSymbols: number;
  timeframe: string;
  params: Array<{ name: string; kind: string; default: unknown; min?: number; max?: number; options?: string[] }>;
}

describe('workstation strategies', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-strategies-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--json lists every strategy with family, description, needs, minSymbols and params with defaults and ranges', () => {
    const run = cli('strategies', '--json');
    expect(run.status, run.stderr).toBe(0);
    const { strategies } = JSON.parse(run.stdout) as { strategies: Listed[] };
    expect(strategies.map((s) => [s.name, s.family, s.minSymbols])).toEqual([
      ['sma-cross', 'stock', 1],
      ['mean-reversion', 'stock', 1],
      ['breakout', 'stock', 1],
      ['trend-following', 'stock', 1],
      ['swing', 'stock', 1],
      ['momentum', 'stock', 2],
      ['sector-rotation', 'stock', 2],
      ['earnings-momentum', 'stock', 1],
      ['pairs-trading', 'arbitrage', 2],
      ['stat-arb', 'arbitrage', 3],
      ['etf-basket-arb', 'arbitrage', 2],
      ['ml-signal', 'ml', 1],
      ['market-making', 'microstructure', 1],
      ['order-flow-imbalance', 'microstructure', 1],
      ['intraday-stat-arb', 'microstructure', 2],
      ['ensemble', 'ensemble', 1],
      ['iron-condor', 'options', 1],
      ['butterfly', 'options', 1],
      ['straddle', 'options', 1],
      ['strangle', 'options', 1],
      ['calendar-spread', 'options', 1],
      ['covered-call', 'options', 1],
      ['protective-put', 'options', 1],
      ['volatility-trading', 'options', 1],
      ['volatility-arbitrage', 'arbitrage', 1],
      ['calendar-arbitrage', 'arbitrage', 1],
    ]);
    for (const s of strategies) {
      const ticks: Record<string, string[]> = { 'market-making': ['bars', 'quotes', 'trades'], 'order-flow-imbalance': ['bars', 'quotes'] };
      expect(s.needs, s.name).toEqual(ticks[s.name] ?? (s.family === 'options' || s.name.startsWith('volatility-arb') || s.name.startsWith('calendar-arb') ? ['bars', 'options'] : ['bars']));
      expect(s.description.length, s.name).toBeGreaterThan(20);
      expect(s.params.length, s.name).toBeGreaterThan(2);
      for (const p of s.params) {
        if (p.kind === 'number') {
          expect(p.min! <= (p.default as number) && (p.default as number) <= p.max!, `${s.name}.${p.name}`).toBe(true);
        } else if (p.kind === 'enum') expect(p.options, `${s.name}.${p.name}`).toContain(p.default);
      }
    }
    const breakout = strategies.find((s) => s.name === 'breakout')!;
    expect(breakout.params.find((p) => p.name === 'variant')).toMatchObject({ kind: 'enum', default: 'donchian', options: ['donchian', 'dual-thrust'] });
    expect(breakout.params.find((p) => p.name === 'entryPeriod')).toMatchObject({ kind: 'number', default: 20, min: 5, max: 250 });
  });

  it('prints a table per strategy without --json, and refuses an unknown flag', () => {
    const run = cli('strategies');
    expect(run.status, run.stderr).toBe(0);
    for (const name of ['sma-cross', 'mean-reversion', 'breakout', 'trend-following', 'swing', 'momentum', 'sector-rotation', 'earnings-momentum']) expect(run.stdout).toContain(`${name}  [stock]`);
    for (const name of ['pairs-trading', 'stat-arb', 'etf-basket-arb']) expect(run.stdout).toContain(`${name}  [arbitrage]`);
    expect(run.stdout).toMatch(/takeProfit\s+0\.04\s+0\.005\.\.0\.5/);
    const bad = cli('strategies', '--jsno');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/jsno/);
  });

  it('backtest runs every new strategy by its id, with the golden figures', () => {
    const golden = JSON.parse(readFileSync(join(root, 'tests', 'regression', 'stock-strategies-golden.json'), 'utf8')) as Record<string, Record<string, { finalValue: number; closedTrades: number }>>;
    const file = 'orcl-1995-2014.txt';
    for (const [label, args] of [
      ['mean-reversion', []],
      ['breakout', []],
      ['breakout variant=dual-thrust', ['--param', 'variant=dual-thrust']],
      ['trend-following', []],
      ['swing', []],
    ] as const) {
      const json = join(dir, `${label.replace(/\W/g, '-')}.json`);
      const run = cli('backtest', '--strategy', label.split(' ')[0]!, ...args, '--data', join(YAHOO_DAILY_DIR, file), '--cash', '100000', '--json', json, '--quiet');
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(readFileSync(json, 'utf8')) as { finalValue: number; closedTrades: number };
      expect({ finalValue: result.finalValue, closedTrades: result.closedTrades }, label).toEqual({
        finalValue: golden[label]![file]!.finalValue,
        closedTrades: golden[label]![file]!.closedTrades,
      });
    }
    expect(cli('backtest', '--strategy', 'swing', '--param', 'maxBars=0', '--data', join(YAHOO_DAILY_DIR, file)).stderr).toMatch(/maxBars/);
  });
});
