import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecordedChains, recordedChainSource } from '../../../src-main/options/backtest/recorded-chains.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'alpaca-contract', 'market-data');
const dir = mkdtempSync(join(tmpdir(), 'recorded-chains-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recorded chain snapshots (Alpaca shape) as the option backtest chain source', () => {
  it("reads a day's pages from DIR/SYM, solves IV and greeks where the snapshot lacks them, keeps Alpaca's where given", () => {
    mkdirSync(join(dir, 'AAPL'));
    // The recorded pages of GET /v1beta1/options/snapshots/AAPL: page 1 without greeks, page 2 with them.
    copyFileSync(join(FIXTURES, 'options-chain-AAPL-page1.json'), join(dir, 'AAPL', '2024-04-24-page1.json'));
    copyFileSync(join(FIXTURES, 'options-chain-AAPL-page2-greeks.json'), join(dir, 'AAPL', 'AAPL-2024-04-24-page2.json'));
    writeFileSync(join(dir, 'AAPL', 'notes.txt'), 'not a chain');
    const recorded = readRecordedChains(dir, 'AAPL');
    expect(recorded.dates).toEqual(['2024-04-24']);
    expect(recorded.snapshots.get('2024-04-24')!.map((s) => s.symbol)).toEqual(['AAPL240426C00152500', 'AAPL240426C00155000']);
    const row = { date: '2024-04-24', t: Date.parse('2024-04-24T00:00:00Z'), o: 169, h: 170, l: 168, c: 169.02, v: 1 };
    const chain = recordedChainSource(recorded, [row])([169.02], row);
    expect(chain.expirations()).toEqual([{ date: '2024-04-26', days: 2 }]);
    const solved = chain.contract('AAPL240426C00152500')!;
    // 16.25 x 17.00: mid 16.625; its IV solved from the mid at the session's close, greeks from it.
    expect([solved.bid, solved.ask, solved.mid]).toEqual([16.25, 17, 16.625]);
    expect(solved.iv).toBeGreaterThan(0.3);
    expect(solved.delta).toBeGreaterThan(0.8);
    expect(solved.delta).toBeLessThan(1);
    const given = chain.contract('AAPL240426C00155000')!;
    expect([given.iv, given.delta, given.vega]).toEqual([0.9871160931510816, 0.9567110374646104, 0.008131530784084512]);
    expect(chain.ivRank()).toBeNull();
  });

  it('refuses a malformed page with its file name, and a folder with no chains of the underlying', () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, '2024-04-24.json'), JSON.stringify({ bars: {} }));
    expect(() => readRecordedChains(bad, 'AAPL')).toThrow(/2024-04-24\.json: not an Alpaca chain snapshot page/);
    const other = join(dir, 'other');
    mkdirSync(other);
    copyFileSync(join(FIXTURES, 'options-chain-AAPL-page1.json'), join(other, 'AAPL-2024-04-24.json'));
    expect(() => readRecordedChains(other, 'SPY')).toThrow(/no recorded chains of SPY/);
  });
});
