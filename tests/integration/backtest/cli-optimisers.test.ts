import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarketData } from '../../../src-main/backtest/load-data.js';
import { periodsPerYear } from '../../../src-main/backtest/metrics.js';
import { evaluateCombos, type ComboResult } from '../../../src-main/backtest/optimize/evaluate.js';
import { optimiseOverfitting, type OverfittingSummary } from '../../../src-main/backtest/optimize/overfitting-summary.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const root = join(__dirname, '..', '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/main/cli.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
const file = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

interface OptimizeJson {
  method: string;
  evaluated: number;
  best: ComboResult;
  results: ComboResult[];
  overfitting: OverfittingSummary;
  trace?: Array<number | null>;
  iterations?: number;
  population?: number;
}

describe('optimize and walk-forward: particle swarm, simulated annealing, overfitting checks', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'bt-opt-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a grid search reports the deflated Sharpe ratio and PBO computed from the same runs in-process', () => {
    const json = join(dir, 'grid.json');
    const run = cli('optimize', '--strategy', 'sma-cross', '--data', file, '--grid', 'fast=5:25:5', '--grid', 'slow=30:90:20', '--workers', '2', '--json', json, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as OptimizeJson;
    expect(out.method).toBe('grid');
    // The block sums travel from the worker threads but stay out of the JSON.
    expect(out.results.every((r) => !('blocks' in r))).toBe(true);
    // The same evaluations in this process, with the block sums kept, give the same checks.
    const data = loadMarketData({ files: [file] });
    const evaluations = evaluateCombos(smaCross, out.results.map((r) => r.params), data, { blocks: 16 });
    const local: ComboResult[] = evaluations.map((e, index) => ({ index, params: out.results[index]!.params, metrics: e.metrics, finalValue: e.finalValue, ...(e.blocks ? { blocks: e.blocks } : {}) }));
    const chosen = local.find((r) => JSON.stringify(r.params) === JSON.stringify(out.best.params));
    const expected = optimiseOverfitting(local, chosen, 16, periodsPerYear('1Day'));
    expect(out.overfitting).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(out.overfitting.trials).toBe(out.results.length);
    expect(out.overfitting.splits).toBe(12870);
    expect(out.overfitting.deflatedSharpe).toBeGreaterThan(0);
    expect(out.overfitting.deflatedSharpe).toBeLessThan(1);
    expect(out.overfitting.pbo).toBeGreaterThanOrEqual(0);
    expect(out.overfitting.pbo).toBeLessThanOrEqual(1);
    // The chosen Sharpe from the kept returns is the engine's own Sharpe ratio.
    expect(out.overfitting.sharpe).toBeCloseTo(out.best.metrics.sharpe!, 9);
  });

  for (const method of ['pso', 'anneal'] as const) {
    it(`--method ${method} searches the schema's ranges within its budget, deterministically by seed`, () => {
      const args = ['optimize', '--strategy', 'sma-cross', '--data', file, '--method', method, '--iterations', '6', '--population', '8', '--param', 'size=100', '--seed', '5', '--workers', '2', '--quiet'];
      const a = join(dir, `${method}-a.json`);
      const b = join(dir, `${method}-b.json`);
      expect(cli(...args, '--json', a).status).toBe(0);
      const second = cli(...args, '--workers', '1', '--json', b);
      expect(second.status, second.stderr).toBe(0);
      const one = JSON.parse(readFileSync(a, 'utf8')) as OptimizeJson;
      const two = JSON.parse(readFileSync(b, 'utf8')) as OptimizeJson;
      expect(two.results).toEqual(one.results);
      expect(one.method).toBe(method);
      expect(one.iterations).toBe(6);
      expect(one.trace).toHaveLength(6);
      expect(one.evaluated).toBeLessThanOrEqual(48);
      expect(one.evaluated).toBeGreaterThan(8);
      // size was pinned; fast and slow moved; every combination the schema accepts (fast < slow).
      for (const r of one.results) {
        expect(r.params.size).toBe(100);
        expect(Number(r.params.fast)).toBeLessThan(Number(r.params.slow));
      }
      expect(new Set(one.results.map((r) => r.params.fast)).size).toBeGreaterThan(4);
      const top = Math.max(...one.results.map((r) => r.metrics.sharpe ?? -Infinity).slice(0, 64));
      expect(one.best.metrics.sharpe).toBe(top);
      expect(one.trace!.at(-1)).toBe(top);
      expect(one.overfitting.trials).toBe(one.evaluated);
    });
  }

  it('walk-forward takes --method anneal and reports its checks; refusals are clear', () => {
    const json = join(dir, 'wf.json');
    const run = cli('walk-forward', '--strategy', 'sma-cross', '--data', file, '--method', 'anneal', '--iterations', '4', '--population', '6', '--param', 'size=100', '--in-sample', '1500', '--out-of-sample', '1000', '--workers', '2', '--json', json, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as { method: string; windows: Array<{ best: Record<string, unknown> }>; overfitting: OverfittingSummary };
    expect(out.method).toBe('anneal');
    expect(out.windows).toHaveLength(4);
    expect(out.overfitting.trials).toBeGreaterThan(6);
    expect(out.overfitting.deflatedSharpe === null || (out.overfitting.deflatedSharpe >= 0 && out.overfitting.deflatedSharpe <= 1)).toBe(true);
    const both = cli('optimize', '--strategy', 'sma-cross', '--data', file, '--method', 'pso', '--grid', 'fast=5:10:5');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--method pso searches every parameter's range/);
    const unknown = cli('optimize', '--strategy', 'sma-cross', '--data', file, '--method', 'genetic');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--method must be one of grid, random, pso, anneal/);
    const queued = cli('walk-forward', '--strategy', 'sma-cross', '--data', file, '--method', 'pso', '--queue', 'redis://127.0.0.1:1');
    expect(queued.status).toBe(2);
    expect(queued.stderr).toMatch(/runs on local threads only/);
  });
});
