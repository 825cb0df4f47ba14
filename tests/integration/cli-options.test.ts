// `workstation options price|iv|payoff` through the built CLI (dist/main/cli.mjs), as a trader runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, 'options', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
const jsonLines = (text: string): Array<Record<string, unknown>> => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('workstation options', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt('main');
    dir = mkdtempSync(join(tmpdir(), 'cli-options-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("price from flags prints Hull's example with greeks in Alpaca's units", () => {
    const run = cli('price', '--right', 'call', '--spot', '42', '--strike', '40', '--years', '0.5', '--rate', '0.1', '--vol', '0.2', '--json');
    expect(run.status, run.stderr).toBe(0);
    const [out] = jsonLines(run.stdout);
    expect(Object.keys(out!)).toEqual(['price', 'delta', 'gamma', 'vega', 'theta', 'rho']);
    expect(out!.price as number).toBeCloseTo(4.7594, 4);
    expect(out!.vega as number).toBeCloseTo(0.0881, 4); // per vol point
    expect(out!.theta as number).toBeCloseTo(-0.01249, 5); // per calendar day
    const text = cli('price', '--right', 'put', '--spot', '42', '--strike', '40', '--years', '0.5', '--rate', '0.1', '--vol', '0.2');
    expect(text.stdout).toMatch(/^price 0\.80859\d  delta -0\.22086\d/);
  });

  it('price --style american and iv round trip', () => {
    const am = cli('price', '--style', 'american', '--right', 'call', '--spot', '42', '--strike', '40', '--years', '0.75', '--rate', '0.04', '--dividend', '0.08', '--vol', '0.35', '--json');
    expect(am.status, am.stderr).toBe(0);
    const price = jsonLines(am.stdout)[0]!.price as number;
    expect(price).toBeCloseTo(5.30906, 4);
    const iv = cli('iv', '--style', 'american', '--right', 'call', '--spot', '42', '--strike', '40', '--years', '0.75', '--rate', '0.04', '--dividend', '0.08', '--price', String(price), '--json');
    expect(iv.status, iv.stderr).toBe(0);
    expect(jsonLines(iv.stdout)[0]!.vol as number).toBeCloseTo(0.35, 8);
  });

  it('--input: one JSON object per case in input order; a bad line names file, line and reason and the rest still run', () => {
    const file = join(dir, 'cases.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ right: 'call', spot: 42, strike: 40, years: 0.5, rate: 0.1, vol: 0.2 }),
        JSON.stringify({ right: 'put', spot: 42, strike: 40, years: 0.5, rate: 0.1, vol: -0.2 }),
        '',
        '{not json',
        JSON.stringify({ style: 'american', right: 'put', spot: 100, strike: 110, years: 0.5, rate: 0.06, vol: 0.3 }),
        JSON.stringify({ right: 'put', spot: 100, strike: 110, years: 0, vol: 0.3 }),
      ].join('\n'),
    );
    const run = cli('price', '--input', file, '--json');
    expect(run.status).toBe(1);
    const out = jsonLines(run.stdout);
    expect(out).toHaveLength(5);
    expect(out[0]!.price as number).toBeCloseTo(4.7594, 4);
    expect(out[1]).toMatchObject({ error: { code: 'OPTION_BAD_INPUT' }, file, line: 2 });
    expect(out[2]).toMatchObject({ error: { code: 'OPTION_BAD_INPUT' }, line: 4 });
    expect(out[3]!.price as number).toBeGreaterThan(10);
    expect(out[4]).toMatchObject({ line: 6 });
    expect(run.stderr).toContain(`${file}:2: vol must be above 0`);
    expect(run.stderr).toContain(`${file}:4: not JSON`);
    expect(run.stderr).toContain(`${file}:6: years to expiry must be above 0`);
  });

  it('iv --input prints vol per line; a price below intrinsic is "no solution" with its code', () => {
    const file = join(dir, 'iv.jsonl');
    writeFileSync(file, `${JSON.stringify({ right: 'put', spot: 42, strike: 40, years: 0.5, rate: 0.1, price: 0.8085993729000975 })}\n${JSON.stringify({ right: 'call', spot: 100, strike: 80, years: 0.5, rate: 0.05, price: 19 })}\n`);
    const run = cli('iv', '--input', file, '--json');
    expect(run.status).toBe(1);
    const out = jsonLines(run.stdout);
    expect(out[0]!.vol as number).toBeCloseTo(0.2, 10);
    expect(out[1]).toMatchObject({ error: { code: 'IV_BELOW_INTRINSIC' }, line: 2 });
    expect(run.stderr).toMatch(/iv\.jsonl:2: no implied volatility: price 19 is at or below the no-arbitrage lower bound/);
  });

  it('refuses bad flags with exit code 2 and a message', () => {
    const neg = cli('price', '--right', 'call', '--spot', '100', '--strike', '100', '--years', '0.5', '--vol=-0.1');
    expect(neg.status).toBe(2);
    expect(neg.stderr).toMatch(/vol must be above 0.*OPTION_BAD_INPUT/);
    const missing = cli('price', '--right', 'call', '--spot', '100', '--years', '0.5', '--vol', '0.2');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--strike is required');
    expect(cli('straddle').stderr).toContain('unknown options command "straddle"');
  });

  it('payoff --leg ... --json: points, breakevens, max profit and loss, probability of profit, greeks', () => {
    const run = cli('payoff', '--spot', '100', '--years', '0.25', '--vol', '0.3', '--leg', 'buy 1 call 100 @5', '--leg', 'sell 1 call 110 @2', '--points', '3', '--from', '90', '--to', '120', '--json');
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(r.breakevens).toEqual([103]);
    expect(r.maxProfit).toBeCloseTo(700, 9);
    expect(r.maxLoss).toBeCloseTo(-300, 9);
    expect(r.netPremium).toBeCloseTo(300, 9);
    expect(r.points).toEqual([{ spot: 90, pnl: -300 }, { spot: 105, pnl: 200 }, { spot: 120, pnl: 700 }]);
    expect(r.probabilityOfProfit as number).toBeGreaterThan(0.3);
    expect(r.probabilityOfProfit as number).toBeLessThan(0.5);
    expect(Object.keys(r.greeks as object)).toEqual(['delta', 'gamma', 'vega', 'theta', 'rho']);
    const naked = JSON.parse(cli('payoff', '--spot', '100', '--leg', 'sell 1 call 105 years=0.1 vol=0.2', '--json').stdout) as Record<string, unknown>;
    expect(naked.maxLoss).toBe('unbounded');
    const bad = cli('payoff', '--spot', '100', '--leg', 'buy 1 call 100 @5');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('has no expiry: add years=T to it or give --years');
  });
});
