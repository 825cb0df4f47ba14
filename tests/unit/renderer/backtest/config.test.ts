import { describe, expect, it } from 'vitest';
import { runRequestSchema, type StrategyInfoDto } from '../../../../src-shared/ipc/backtest-schemas.js';
import { defaultParams, INITIAL_CONFIG, requestOf } from '../../../../src-renderer/features/backtest/config.js';
import { parseAxis } from '../../../../src-renderer/features/backtest/format.js';

const SMA: StrategyInfoDto = {
  name: 'sma-cross',
  description: 'test',
  timeframe: '1Day',
  params: [
    { name: 'fast', kind: 'number', integer: true, min: 1, max: 500, default: 10 },
    { name: 'slow', kind: 'number', integer: true, min: 2, max: 1000, default: 30 },
    { name: 'mode', kind: 'enum', options: ['a', 'b'], default: 'a' },
    { name: 'flag', kind: 'boolean', default: false },
  ],
};

describe('Backtest tab form model', () => {
  it('reads search axes as FROM:TO:STEP or a list, and refuses anything else', () => {
    expect(parseAxis('5:20:5')).toEqual([5, 10, 15, 20]);
    expect(parseAxis(' 0.1 : 0.3 : 0.1 ')).toEqual([0.1, 0.2, 0.3]);
    expect(parseAxis('5, 10,20')).toEqual([5, 10, 20]);
    expect(parseAxis('')).toBeUndefined();
    expect(parseAxis('20:5:5')).toBeUndefined();
    expect(parseAxis('5:20:0')).toBeUndefined();
    expect(parseAxis('5,x')).toBeUndefined();
  });

  it('builds a request the contract accepts, with parameters typed by their schema', () => {
    const config = { ...INITIAL_CONFIG, strategy: 'sma-cross', params: { ...defaultParams(SMA), fast: '12', mode: 'b', flag: 'true' }, symbol: 'orcl', slippageBps: '5', commission: 'per-share' as const, commissionAmount: '0.005', from: '2001-01-01' };
    const { body, error } = requestOf(config, SMA);
    expect(error).toBeUndefined();
    expect(body).toMatchObject({
      strategy: 'sma-cross',
      params: { fast: 12, slow: 30, mode: 'b', flag: true },
      data: { kind: 'symbol', symbol: 'ORCL' },
      from: '2001-01-01',
      fill: { marketFill: 'next-open', slippage: { kind: 'fixed-bps', bps: 5 }, commission: { kind: 'per-share', perShare: 0.005 } },
      account: { cash: 100_000 },
    });
    expect(runRequestSchema.safeParse({ ...body, jobId: 'j1' }).success).toBe(true);
    const file = requestOf({ ...config, dataKind: 'file', path: ' /data/x.csv ' }, SMA).body!;
    expect(file.data).toEqual({ kind: 'file', path: '/data/x.csv' });
  });

  it('says what is wrong instead of sending a bad request', () => {
    const base = { ...INITIAL_CONFIG, strategy: 'sma-cross', params: defaultParams(SMA), symbol: 'ORCL' };
    expect(requestOf(base, undefined).error).toMatch(/choose a strategy/);
    expect(requestOf({ ...base, symbol: ' ' }, SMA).error).toMatch(/symbol/);
    expect(requestOf({ ...base, dataKind: 'file' }, SMA).error).toMatch(/CSV file path/);
    expect(requestOf({ ...base, params: { ...base.params, fast: 'abc' } }, SMA).error).toMatch(/fast must be a number/);
    expect(requestOf({ ...base, cash: '0' }, SMA).error).toMatch(/cash/);
    expect(requestOf({ ...base, slippageBps: '-1' }, SMA).error).toMatch(/slippage/);
  });
});
