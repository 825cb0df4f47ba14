import { describe, expect, it } from 'vitest';
import { saveBotRequest } from '../../../../src-shared/ipc/bots-schemas.js';
import type { StrategyInfoDto } from '../../../../src-shared/ipc/backtest-schemas.js';
import { botRequestOf, describeParams, emptyForm, emptyProtections } from '../../../../src-renderer/features/bots/bot-form-model.js';

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

  it('needs as many symbols as the strategy compares, and names the field to focus', () => {
    const momentum: StrategyInfoDto = { ...smaCross, name: 'momentum', params: [], minSymbols: 2, family: 'stock' };
    expect(botRequestOf({ ...emptyForm(momentum), symbols: 'AAPL' }, momentum)).toEqual({ error: 'momentum needs at least 2 symbols (it compares them); 1 given', field: 'symbols' });
    expect(botRequestOf({ ...emptyForm(smaCross), symbols: 'AAPL', params: { fast: '0', slow: '20', flag: 'false' } }, smaCross).field).toBe('param-fast');
    const many = Array.from({ length: 67 }, (_, i) => `S${i}`).join(', ');
    const { body } = botRequestOf({ ...emptyForm(momentum), symbols: many, allocation: '20,000' }, momentum);
    expect(body?.symbols).toHaveLength(67);
    expect(body?.name).toBe('momentum S0 S1 S2 +64');
    expect(saveBotRequest.safeParse(body).success).toBe(true);
  });

  it("sends only the protections switched on, in the contract's units, and names a bad number", () => {
    const base = { ...emptyForm(smaCross), symbols: 'AAPL' };
    expect(botRequestOf(base, smaCross).body?.protections).toBeUndefined();
    const p = emptyProtections();
    const on = {
      cooldown: { ...p.cooldown, on: true, hours: '48' },
      stoploss: { ...p.stoploss, on: true, trades: '3', lookbackHours: '24', lockHours: '6', scope: 'bot' as const },
      drawdown: { ...p.drawdown, on: true, percent: '12.5', lookbackHours: '168', lockHours: '24' },
      lowProfit: { ...p.lowProfit, on: true, percent: '-2', trades: '2', lookbackHours: '72', lockHours: '12' },
    };
    const { body } = botRequestOf({ ...base, protections: on }, smaCross);
    expect(body?.protections).toEqual({
      cooldown: { hours: 48 },
      stoplossGuard: { trades: 3, lookbackHours: 24, lockHours: 6, scope: 'bot' },
      maxDrawdown: { maxDrawdown: 0.125, lookbackHours: 168, lockHours: 24 },
      lowProfit: { minProfit: -0.02, trades: 2, lookbackHours: 72, lockHours: 12 },
    });
    expect(saveBotRequest.safeParse(body).success).toBe(true);
    expect(botRequestOf({ ...base, protections: { ...on, cooldown: { on: true, hours: '-3' } } }, smaCross)).toMatchObject({ error: expect.stringMatching(/^cooldown must be hours/), field: 'prot-cooldown-hours' });
    expect(botRequestOf({ ...base, protections: { ...on, drawdown: { ...on.drawdown, percent: '100' } } }, smaCross).field).toBe('prot-drawdown-percent');
    expect(botRequestOf({ ...base, protections: { ...on, stoploss: { ...on.stoploss, trades: '1.5' } } }, smaCross).field).toBe('prot-stoploss-trades');
  });
});
