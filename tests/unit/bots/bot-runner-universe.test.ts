import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { SilentExecution } from '../../support/silent-execution.js';
import { BotRunner } from '../../../src-main/bots/bot-runner.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
// Tuesday 2024-03-05, 14:30Z = 09:30 New York (EST).
const open = Date.UTC(2024, 2, 5, 14, 30);
const minute = (t: number, c: number): Bar => ({ t, o: c, h: c, l: c, c, v: 100 });

function runnerWith(calls: string[], symbols: string[]) {
  const strategy = defineStrategy({
    name: 'probe',
    description: 'records calls',
    params: z.object({}),
    timeframe: '1Min',
    universe: [],
    warmup: () => 0,
    create: (_p, ctx) => {
      ctx.schedule.onSessionOpen((t) => void calls.push(`open ${new Date(t).toISOString()}`));
      ctx.schedule.onSessionClose((t) => void calls.push(`close ${new Date(t).toISOString()}`));
      return {
        onBar: (s, b) => void calls.push(`bar ${s} ${(b.t - open) / 60_000}`),
        onCrossSection: (t, bars) => void calls.push(`xs ${(t - open) / 60_000} ${[...bars].map(([s, b]) => `${s}=${b.c}`).join(',')} universe=${ctx.universe.join('+')}`),
      };
    },
  });
  return new BotRunner({ id: 'u1', definition: strategy as unknown as StrategyDefinition, params: {}, symbols, timeframe: '1Min', execution: new SilentExecution(), log, onEvent: () => undefined });
}

describe('BotRunner with several symbols', () => {
  it('delivers a cross-section once every symbol has its bar, and a silent symbol after the period on tick', () => {
    const calls: string[] = [];
    const runner = runnerWith(calls, ['AAA', 'BBB']);
    runner.start(open - 60_000);
    runner.onMinuteBar('AAA', minute(open, 10));
    runner.onMinuteBar('BBB', minute(open, 20));
    runner.onMinuteBar('AAA', minute(open + 60_000, 11));
    // BBB is silent in the second minute: the tick after that minute's end delivers it with BBB's first bar.
    runner.tick(open + 2 * 60_000 - 1);
    expect(calls.filter((c) => c.startsWith('xs'))).toEqual(['xs 0 AAA=10,BBB=20 universe=AAA+BBB']);
    runner.tick(open + 2 * 60_000);
    expect(calls).toEqual([
      `open ${new Date(open).toISOString()}`,
      'bar AAA 0',
      'bar BBB 0',
      'xs 0 AAA=10,BBB=20 universe=AAA+BBB',
      'bar AAA 1',
      'xs 1 AAA=11,BBB=20 universe=AAA+BBB',
    ]);
    // The session's close (21:00Z) fires on the clock.
    runner.tick(Date.UTC(2024, 2, 5, 21, 0));
    expect(calls.at(-1)).toBe(`close ${new Date(Date.UTC(2024, 2, 5, 21, 0)).toISOString()}`);
    runner.stop();
  });
});
