import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { planDemoBots } from '../../../src-main/bots/demo-bots.js';
import { BotRunner } from '../../../src-main/bots/bot-runner.js';
import { DEMO_SYMBOLS } from '../../../src-main/exchange/market/demo-universe.js';
import type { StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { OPTION_STRATEGIES } from '../../../src-main/strategies/options/index.js';
import { SilentExecution } from '../../support/silent-execution.js';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
// Tuesday 2024-03-05, 14:30Z = 09:30 New York (EST); the bot starts ten minutes into the session.
const open = Date.UTC(2024, 2, 5, 14, 30);
const MIN = 60_000;
const bar = (i: number, c: number): Bar => ({ t: open + i * MIN, o: c, h: c, l: c, c, v: 1000 });

/** The demo plan's stock bot, run by a BotRunner: warmed on `history` (per symbol), then fed `live` minute bars. */
function runDemoStockBot(params: Record<string, string | number | boolean>, history: (symbol: string) => Bar[], live: (symbol: string) => Bar[]): { atStart: string[]; sent: string[]; symbols: string[] } {
  const plan = planDemoBots([...DEMO_SYMBOLS], 100_000, (name) => STRATEGIES.has(name) || OPTION_STRATEGIES.has(name));
  const stock = plan.find((p) => p.family === 'stock')!;
  const definition = STRATEGIES.get(stock.strategy)!;
  const execution = new SilentExecution();
  const runner = new BotRunner({ id: 'demo-stock', definition: definition as unknown as StrategyDefinition, params: parseParams(definition.params, params), symbols: stock.symbols, timeframe: stock.timeframe!, execution, log, onEvent: () => undefined });
  for (const s of stock.symbols) runner.warmUp(s, history(s));
  runner.start(open + 10 * MIN);
  const show = () => execution.sent.map((o) => `${o.side} ${o.symbol} ${o.qty}`);
  const atStart = show();
  for (const s of stock.symbols) for (const b of live(s)) runner.onMinuteBar(s, b);
  runner.stop();
  return { atStart, sent: show(), symbols: stock.symbols };
}

describe('the demo stock bot orders at its start, from its warm-up history', () => {
  // Ten warm-up minutes rising (fast above slow, no cross left to come), then one live minute still rising.
  const history = () => Array.from({ length: 10 }, (_, i) => bar(i, 100 + i));
  const firstLive = () => [bar(10, 110)];

  it('joins the trend under way: a buy on every symbol whose fast average is above its slow one, at the start, once', () => {
    const plan = planDemoBots([...DEMO_SYMBOLS], 100_000, (name) => STRATEGIES.has(name) || OPTION_STRATEGIES.has(name));
    const params = plan.find((p) => p.family === 'stock')!.params;
    expect(params.joinTrend).toBe(true);
    const { atStart, sent, symbols } = runDemoStockBot(params, history, firstLive);
    expect(atStart).toEqual(symbols.map((s) => `buy ${s} 5`));
    // The first live bar, still rising, is no new cross: nothing more.
    expect(sent).toEqual(atStart);
  });

  it('with no warm-up history it joins at its first ready bar instead', () => {
    const plan = planDemoBots([...DEMO_SYMBOLS], 100_000, (name) => STRATEGIES.has(name) || OPTION_STRATEGIES.has(name));
    const params = plan.find((p) => p.family === 'stock')!.params;
    const { atStart, sent, symbols } = runDemoStockBot(params, () => [], () => Array.from({ length: 6 }, (_, i) => bar(10 + i, 100 + i)));
    expect(atStart).toEqual([]);
    expect(sent).toEqual(symbols.map((s) => `buy ${s} 5`));
  });

  it('without joinTrend (every other sma-cross bot, paper and live included) the same bar sends nothing: it waits for a cross', () => {
    const { atStart, sent } = runDemoStockBot({ fast: 2, slow: 5, size: 5 }, history, firstLive);
    expect(atStart).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('joins only an up-trend: falling averages at the first live bar send nothing (a long-only bot has nothing to sell)', () => {
    const plan = planDemoBots([...DEMO_SYMBOLS], 100_000, (name) => STRATEGIES.has(name) || OPTION_STRATEGIES.has(name));
    const params = plan.find((p) => p.family === 'stock')!.params;
    const { sent } = runDemoStockBot(params, () => Array.from({ length: 10 }, (_, i) => bar(i, 120 - i)), () => [bar(10, 110)]);
    expect(sent).toEqual([]);
  });
});
