import { describe, expect, it } from 'vitest';
import { planDemoBots } from '../../../src-main/bots/demo-bots.js';
import { DEMO_SYMBOLS } from '../../../src-main/exchange/market/demo-universe.js';
import { saveBotRequest } from '../../../src-shared/ipc/bots-schemas.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { OPTION_STRATEGIES } from '../../../src-main/strategies/options/index.js';

const listed = [...DEMO_SYMBOLS];
const known = (name: string): boolean => STRATEGIES.has(name) || OPTION_STRATEGIES.has(name);

describe('planDemoBots', () => {
  it('plans one valid bot per family the registry has, allocations 55% of the equity at most', () => {
    const plan = planDemoBots(listed, 100_000, known);
    expect(plan.map((p) => p.family)).toEqual(['stock', 'arbitrage', 'options', 'ml', 'microstructure']);
    for (const { family: _family, ...request } of plan) expect(saveBotRequest.safeParse(request).error).toBeUndefined();
    const total = plan.reduce((sum, p) => sum + Number(p.allocation), 0);
    expect(total).toBeLessThanOrEqual(55_000);
    expect(plan.every((p) => Number.isInteger(Number(p.allocation)) && Number(p.allocation) > 0)).toBe(true);
    // The stock bot trades one-minute bars on stocks of different sectors, so it crosses in the first minutes.
    const stock = plan.find((p) => p.family === 'stock')!;
    expect(stock.timeframe).toBe('1Min');
    expect(new Set(stock.symbols).size).toBe(stock.symbols.length);
    expect(stock.symbols.length).toBeGreaterThanOrEqual(3);
    // The market maker is the first to send orders (it quotes after its warm-up of seconds): long only, small lots.
    const maker = plan.find((p) => p.family === 'microstructure')!;
    expect({ strategy: maker.strategy, symbols: maker.symbols, allowShort: maker.params.allowShort }).toEqual({ strategy: 'market-making', symbols: ['MSFT'], allowShort: false });
  });

  it('leaves out a family whose strategy is not in the registry or whose symbols are not listed', () => {
    const withoutMl = planDemoBots(listed, 100_000, (name) => known(name) && name !== 'ml-signal');
    expect(withoutMl.map((p) => p.family)).toEqual(['stock', 'arbitrage', 'options', 'microstructure']);
    const noSpyNoPep = planDemoBots(listed.filter((s) => s !== 'SPY' && s !== 'PEP' && s !== 'MSFT'), 100_000, known);
    expect(noSpyNoPep.map((p) => p.family)).toEqual(['stock', 'ml']);
  });

  it('plans nothing for an account without equity', () => {
    expect(planDemoBots(listed, 0, known)).toEqual([]);
    expect(planDemoBots(listed, Number.NaN, known)).toEqual([]);
  });
});
