import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMarketData } from '../../src-main/backtest/load-data.js';
import { ledoitWolf } from '../../src-main/discovery/portfolio/covariance.js';
import { hierarchicalRiskParity } from '../../src-main/discovery/portfolio/hrp.js';
import { alignedReturns } from '../../src-main/cli/portfolio-command.js';
import { ensureBuilt } from '../support/build.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

const root = join(__dirname, '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/main/cli.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const files = ['orcl-1995-2014.txt', 'nvda-1999-2014.txt', 'yhoo-1996-2014.txt'].map((f) => join(YAHOO_DAILY_DIR, f));
const data = files.flatMap((f) => ['--data', f]);

interface PortfolioJson {
  method: string;
  days: number;
  weights: Array<{ symbol: string; weight: number; change: number; riskContribution: number }>;
  turnover?: number;
  turnoverCapped?: boolean;
}

describe('workstation portfolio and allocate', () => {
  beforeAll(() => ensureBuilt('main'));

  it('every method gives long-only weights summing to 1 within the position limit; HRP equals the library on the same returns', () => {
    for (const method of ['min-variance', 'mean-variance', 'risk-parity', 'hrp', 'select-k']) {
      const run = cli('portfolio', ...data, '--method', method, '--max-weight', '0.5', '--k', '2', '--json', '-');
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as PortfolioJson;
      expect(out.days).toBe(252);
      const sum = out.weights.reduce((a, w) => a + w.weight, 0);
      expect(sum).toBeCloseTo(1, 9);
      for (const w of out.weights) expect(w.weight).toBeGreaterThanOrEqual(-1e-12);
      if (method === 'min-variance' || method === 'mean-variance') for (const w of out.weights) expect(w.weight).toBeLessThanOrEqual(0.5 + 1e-9);
      if (method === 'select-k') expect(out.weights.filter((w) => w.weight > 0)).toHaveLength(2);
      if (method === 'risk-parity') for (const w of out.weights) expect(w.riskContribution).toBeCloseTo(1 / 3, 6);
      if (method === 'hrp') {
        const { returns } = alignedReturns(loadMarketData({ files }), 252);
        const expected = hierarchicalRiskParity(ledoitWolf(returns).matrix, 3).weights;
        out.weights.forEach((w, i) => expect(w.weight).toBeCloseTo(expected[i]!, 12));
      }
    }
  });

  it('a turnover cap moves only part of the way from the current weights', () => {
    const run = cli('portfolio', ...data, '--method', 'risk-parity', '--current', 'ORCL=1', '--max-turnover', '0.2', '--json', '-');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as PortfolioJson;
    expect(out.turnoverCapped).toBe(true);
    expect(out.weights.reduce((a, w) => a + Math.abs(w.change), 0)).toBeCloseTo(0.2, 9);
    expect(out.weights[0]!.weight).toBeCloseTo(0.9, 9);
  });

  it('allocate splits capital across strategies within the limits, and refuses one strategy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'allocate-'));
    const json = join(dir, 'allocate.json');
    const run = cli('allocate', '--strategy', 'sma-cross', '--strategy', 'breakout', '--data', files[0]!, '--min-weight', '0.2', '--max-weight', '0.8', '--json', json);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/thompson allocation over 5036 bars/);
    const out = JSON.parse(readFileSync(json, 'utf8')) as { days: number; weights: Array<{ w: number[] }>; finalWeights: Record<string, number> };
    expect(out.days).toBe(5036);
    for (const { w } of out.weights) {
      expect(w[0]! + w[1]!).toBeCloseTo(1, 9);
      for (const x of w) {
        expect(x).toBeGreaterThanOrEqual(0.2 - 1e-9);
        expect(x).toBeLessThanOrEqual(0.8 + 1e-9);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    const one = cli('allocate', '--strategy', 'sma-cross', '--data', files[0]!);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/at least two strategies/);
  });
});
