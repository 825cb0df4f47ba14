import { describe, expect, it } from 'vitest';
import { saveBotRequest } from '../../../../src-shared/ipc/bots-schemas.js';
import type { StrategyInfoDto } from '../../../../src-shared/ipc/backtest-schemas.js';
import { botRequestOf, describeParams, emptyForm } from '../../../../src-renderer/features/bots/bot-form-model.js';

const smaCross: StrategyInfoDto = {
  name: 'sma-cross',
  description: 'x',
  timeframe: '1Day',
  params: [
    { name: 'fast', kind: 'number', integer: true, min: 1, max: 500, default: 10 },
    { name: 'slow', kind: 'number', integer: true, min: 2, max: 1000, default: 30 },
    { name: 'flag', kind: 'boolean', default: false },
  ],
};

describe('bot form model', () => {
  it('builds a request the contract accepts: numbers typed, symbols split and upper-cased, the default name', () => {
    const form = { ...emptyForm(smaCross), symbols: ' aapl, msft  aapl', params: { fast: '5', slow: '20', flag: 'true' } };
    const { body } = botRequestOf(form, smaCross);
    expect(body).toEqual({ name: 'sma-cross AAPL MSFT', strategy: 'sma-cross', params: { fast: 5, slow: 20, flag: true }, symbols: ['AAPL', 'MSFT'] });
    expect(saveBotRequest.safeParse(body).success).toBe(true);
    expect(botRequestOf({ ...form, timeframe: '1Min', name: ' mine ' }, smaCross).body).toMatchObject({ name: 'mine', timeframe: '1Min' });
    // An allocation is sent when given (dollars), refused in words when it is not one.
    expect(botRequestOf({ ...form, allocation: '20,000' }, smaCross).body).toMatchObject({ allocation: '20000' });
    expect(saveBotRequest.safeParse(botRequestOf({ ...form, allocation: '2500.50' }, smaCross).body).success).toBe(true);
    expect(botRequestOf({ ...form, allocation: '-5' }, smaCross).error).toMatch(/allocation must be dollars/);
  });

  it('names the field in trouble', () => {
    const form = { ...emptyForm(smaCross), symbols: 'AAPL' };
    expect(botRequestOf({ ...form, params: { ...form.params, fast: '0' } }, smaCross).error).toBe('fast must be between 1 and 500');
    expect(botRequestOf({ ...form, params: { ...form.params, slow: '2.5' } }, smaCross).error).toBe('slow must be a whole number');
    expect(botRequestOf({ ...form, params: { ...form.params, fast: '' } }, smaCross).error).toBe('fast must be a number');
    expect(botRequestOf({ ...form, symbols: '' }, smaCross).error).toMatch(/at least one symbol/);
    expect(botRequestOf({ ...form, symbols: 'AAPL, 9X' }, smaCross).error).toMatch(/"9X" is not a ticker/);
    expect(botRequestOf(form, undefined).error).toBe('choose a strategy');
  });

  it('writes parameters in one line', () => {
    expect(describeParams({ fast: 10, slow: 30, on: true })).toBe('fast=10 slow=30 on=true');
  });
});
