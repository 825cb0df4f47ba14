import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { DAILY_CLOSE_AFTER_STAMP_MS } from '../../../src-shared/domain/news-cutoff.js';
import type { BotExecution, BotOrderResult } from '../../../src-main/bots/bot-execution.js';
import { BotRunner } from '../../../src-main/bots/bot-runner.js';
import { defineStrategy, type DataNeed, type StrategyDefinition, type StrategyHeadline } from '../../../src-main/kernel/strategy/types.js';

const DAY = 86_400_000;
/** Midnight New York (EST) of 2024-01-08, a Monday: the daily bars' stamp. */
const day0 = Date.UTC(2024, 0, 8, 5);
const closeOf = (i: number) => day0 + i * DAY + DAILY_CLOSE_AFTER_STAMP_MS;
const bar = (i: number): Bar => ({ t: day0 + i * DAY, o: 10, h: 10, l: 10, c: 10, v: 1_000 });

/** This test sends no orders: the runner only needs somewhere to subscribe. */
const execution: BotExecution = {
  submit: (): Promise<BotOrderResult> => Promise.resolve({ ok: false, code: 'UNUSED', message: 'no orders in this test' }),
  cancel: (): Promise<BotOrderResult> => Promise.resolve({ ok: false, code: 'UNUSED', message: 'no orders in this test' }),
  replace: (): Promise<BotOrderResult> => Promise.resolve({ ok: false, code: 'UNUSED', message: 'no orders in this test' }),
  position: () => 0,
  cash: () => 0,
  equity: () => 0,
  refreshAccount: () => Promise.resolve(),
  isPaused: () => false,
  onOrder: () => () => undefined,
  onFill: () => () => undefined,
};
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

function runnerFor(seen: string[], needs: readonly DataNeed[]): BotRunner {
  const probe = defineStrategy({
    name: 'news-probe',
    description: 'records headlines and bars',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    needs,
    warmup: () => 0,
    create: () => ({
      onBar: (symbol, b) => void seen.push(`bar ${symbol} ${(b.t - day0) / DAY}`),
      onNews: (h) => void seen.push(`news ${h.id}`),
    }),
  });
  return new BotRunner({ id: 'n', definition: probe as unknown as StrategyDefinition, params: {}, symbols: ['AAA', 'BBB'], timeframe: '1Day', execution, log, onEvent: () => undefined });
}

const headline = (id: number, t: number, symbols = ['AAA']): StrategyHeadline => ({ id, t, symbols, headline: `h${id}`, score: 0.3 });

describe('BotRunner with live headlines', () => {
  it('holds a headline until the bar whose close is after it, and never hands one over before the bar it follows', () => {
    const seen: string[] = [];
    const runner = runnerFor(seen, ['bars', 'news']);
    runner.start(0);
    runner.onBar('AAA', bar(0));
    runner.onBar('BBB', bar(0));
    runner.onNews(headline(1, closeOf(1) - 6 * 3_600_000)); // during day 1's session: waits for day 1's bar
    runner.onNews(headline(2, closeOf(0) - 3_600_000)); // late: day 0 already processed, so at once
    runner.onNews(headline(3, closeOf(1))); // exactly at day 1's close: after day 1's onBar
    runner.onNews(headline(4, closeOf(1) - 1, ['CCC'])); // not about its symbols: never
    runner.onNews(headline(5, closeOf(1) - 1, ['AAA', 'BBB'])); // a millisecond before the close: before day 1's bars
    expect(seen).toEqual(['bar AAA 0', 'bar BBB 0', 'news 2']);
    runner.onBar('AAA', bar(1));
    // Once each, in publication order, before the first bar (of any symbol they name) that closes after them.
    expect(seen.slice(3)).toEqual(['news 1', 'news 5', 'bar AAA 1']);
    runner.onBar('BBB', bar(1));
    expect(seen.slice(6)).toEqual(['bar BBB 1']);
    runner.onBar('AAA', bar(2));
    expect(seen.slice(7)).toEqual(['news 3', 'bar AAA 2']);
  });

  it('gives a strategy that does not need news none', () => {
    const seen: string[] = [];
    const runner = runnerFor(seen, ['bars']);
    runner.start(0);
    runner.onBar('AAA', bar(0));
    runner.onNews(headline(1, closeOf(0) - 1));
    runner.onBar('AAA', bar(1));
    expect(seen).toEqual(['bar AAA 0', 'bar AAA 1']);
  });
});
