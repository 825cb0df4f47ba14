// `workstation backtest --strategy <option strategy>` on the built CLI: over the synthetic surface (the golden figures
// of the engine's own test) and over recorded chain snapshots in Alpaca's shape (--chains DIR).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import { atmVolOf, SyntheticChain } from '../../src-main/options/backtest/synthetic-chain.js';
import { ensureBuilt } from '../support/build.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

interface Fill {
  date: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  price: number;
  commission: number;
}
interface Result {
  strategy: string;
  underlying: string;
  chainSource: string;
  recordedSessions?: number;
  fills: Fill[];
  closed: unknown[];
  finalValue: number;
  sessions: number;
}

describe('workstation backtest with option strategies', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-option-backtest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every option strategy over the synthetic surface with the golden figures', () => {
    const golden = JSON.parse(readFileSync(join(root, 'tests', 'regression', 'option-strategies-golden.json'), 'utf8')) as Record<string, Record<string, { fills: number; finalValue: number; closed: number }>>;
    const file = 'nvda-2014.txt';
    for (const name of ['iron-condor', 'covered-call', 'volatility-arbitrage', 'calendar-arbitrage']) {
      const json = join(dir, `${name}.json`);
      const run = cli('backtest', '--strategy', name, '--data', join(YAHOO_DAILY_DIR, file), '--seed', '7', '--json', json);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${name} `);
      expect(run.stdout).toContain('synthetic surface (seed 7)');
      const r = JSON.parse(readFileSync(json, 'utf8')) as Result;
      expect({ strategy: r.strategy, underlying: r.underlying, chainSource: r.chainSource }).toEqual({ strategy: name, underlying: 'NVDA', chainSource: 'synthetic' });
      expect({ fills: r.fills.length, closed: r.closed.length, finalValue: r.finalValue }, name).toEqual({ fills: golden[name]![file]!.fills, closed: golden[name]![file]!.closed, finalValue: golden[name]![file]!.finalValue });
    }
    // Another seed gives another surface, so other fills.
    const other = join(dir, 'seed2.json');
    expect(cli('backtest', '--strategy', 'iron-condor', '--data', join(YAHOO_DAILY_DIR, file), '--seed', '2', '--json', other, '--quiet').status).toBe(0);
    expect((JSON.parse(readFileSync(other, 'utf8')) as Result).finalValue).not.toBe(golden['iron-condor']![file]!.finalValue);
  });

  it('refuses stock-only flags, several underlyings, and option strategies in optimize', () => {
    const data = join(YAHOO_DAILY_DIR, 'nvda-2014.txt');
    expect(cli('backtest', '--strategy', 'iron-condor', '--data', data, '--leverage', '2').stderr).toMatch(/--leverage applies to stock strategies/);
    expect(cli('backtest', '--strategy', 'iron-condor', '--data', data, '--data', join(YAHOO_DAILY_DIR, 'orcl-2014.txt')).stderr).toMatch(/one underlying/);
    expect(cli('optimize', '--strategy', 'iron-condor', '--data', data, '--random', '2').stderr).toMatch(/only backtest runs it/);
    expect(cli('backtest', '--strategy', 'sma-cross', '--data', data, '--chains', dir).stderr).toMatch(/apply to option strategies/);
  });

  it('backtests over recorded chain snapshots (--chains DIR), filling at the recorded quotes', () => {
    // Recorded chains made from the synthetic surface in Alpaca's snapshot shape; a third of them without greeks and
    // IV (solved locally, as the options service does), pages of a day split in two files.
    const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'nvda-2014.txt'), 'utf8'), 'nvda-2014.txt');
    const chains = join(dir, 'chains');
    mkdirSync(join(chains, 'NVDA'), { recursive: true });
    const quotes = new Map<string, { bid: number; ask: number }>();
    const closes: number[] = [];
    const history: number[] = [];
    const settings = { seed: 11, rate: 0.045 };
    let recorded = 0;
    rows.forEach((row, i) => {
      closes.push(row.c);
      history.push(atmVolOf(closes, row.date, 30, settings));
      if (i < 25 || i > 150) return;
      const chain = new SyntheticChain('NVDA', closes, row.date, settings, history);
      const snapshots: Record<string, unknown> = {};
      let n = 0;
      for (const e of chain.expirations()) {
        if (e.days > 50) continue;
        for (const c of chain.contracts(e.date)) {
          if (Math.abs(c.strike / row.c - 1) > 0.3) continue;
          const t = `${row.date}T20:59:59.5Z`;
          snapshots[c.symbol] = {
            latestQuote: { ap: c.ask, as: 10, ax: 'C', bp: c.bid, bs: 12, bx: 'C', c: ' ', t },
            latestTrade: { c: 'a', p: c.mid, s: 1, t, x: 'C' },
            ...(n++ % 3 === 0 ? {} : { greeks: { delta: c.delta, gamma: c.gamma, rho: 0, theta: c.theta, vega: c.vega }, impliedVolatility: c.iv }),
          };
          quotes.set(`${row.date} ${c.symbol}`, { bid: c.bid, ask: c.ask });
        }
      }
      const entries = Object.entries(snapshots);
      const half = Math.ceil(entries.length / 2);
      writeFileSync(join(chains, 'NVDA', `${row.date}-page1.json`), JSON.stringify({ snapshots: Object.fromEntries(entries.slice(0, half)), next_page_token: 'x' }));
      writeFileSync(join(chains, 'NVDA', `NVDA-${row.date}-page2.json`), JSON.stringify({ snapshots: Object.fromEntries(entries.slice(half)), next_page_token: null }));
      recorded++;
    });
    // Another underlying's file in the folder is not read.
    copyFileSync(join(root, 'tests', 'fixtures', 'alpaca-contract', 'market-data', 'options-chain-AAPL-page1.json'), join(chains, 'NVDA', 'AAPL-2014-03-03.json'));

    const json = join(dir, 'recorded.json');
    const run = cli('backtest', '--strategy', 'iron-condor', '--data', join(YAHOO_DAILY_DIR, 'nvda-2014.txt'), '--chains', chains, '--spread-fraction', '1', '--contract-fee', '1', '--json', json);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`recorded chains (${recorded} of ${rows.length} sessions have one)`);
    const r = JSON.parse(readFileSync(json, 'utf8')) as Result;
    expect(r.chainSource).toBe('recorded');
    expect(r.recordedSessions).toBe(recorded);
    const optionFills = r.fills.filter((f) => f.symbol !== 'NVDA');
    expect(optionFills.length).toBeGreaterThanOrEqual(8);
    for (const f of optionFills) {
      // Every option fill is at the far side of that day's recorded quote (--spread-fraction 1), $1 a contract.
      const q = quotes.get(`${f.date} ${f.symbol}`);
      expect(q, `${f.date} ${f.symbol}`).toBeDefined();
      expect(f.price).toBeCloseTo(f.side === 'buy' ? q!.ask : q!.bid, 4);
      expect(f.commission).toBe(f.qty);
    }
    // Bars outside the recorded span: no session shares a chain.
    const early = cli('backtest', '--strategy', 'iron-condor', '--data', join(YAHOO_DAILY_DIR, 'nvda-2014.txt'), '--to', '2014-01-20', '--chains', chains);
    expect(early.status).toBe(2);
    expect(early.stderr).toMatch(/share no session/);
  });
});
