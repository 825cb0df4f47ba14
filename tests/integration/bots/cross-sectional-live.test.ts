import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { OrderManagerExecution } from '../../../src-main/bots/bot-execution.js';
import { BotRunner, type RunnerEvent } from '../../../src-main/bots/bot-runner.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { startHarness, waitFor, type Harness } from '../orders/harness.js';

/**
 * The multi-symbol strategies hosted live by the bot runner, three symbols at once, their orders through a real
 * order manager to the local exchange. The bars are the real 2003-2005 daily files of ORCL, NVDA and YHOO under
 * the names of three demo symbols, each scaled to its demo price so the strategy sizes what the exchange fills.
 * The arbitrage strategies run long-only here (their `legs` parameter) so the backtest they are compared with (a cash
 * account) makes the same decisions; short-ledger-live.test.ts runs pairs-trading long-short. Each must run
 * clean (no error, no pause), have every order filled at the broker, and open with the backtest's first decision.
 */
const FROM = Date.parse('2003-01-01T00:00:00Z');
const TO = Date.parse('2006-01-01T00:00:00Z');
const FEEDS: ReadonlyArray<[string, string, number]> = [
  ['AAPL', 'orcl-1995-2014.txt', 190],
  ['NVDA', 'nvda-1999-2014.txt', 480],
  ['MSFT', 'yhoo-1996-2014.txt', 380],
];
const series = new Map<string, Bar[]>(
  FEEDS.map(([symbol, file, price]) => {
    const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file).filter((b) => b.t >= FROM && b.t < TO);
    const k = price / bars[0]!.c;
    return [symbol, bars.map((b) => ({ t: b.t, o: b.o * k, h: b.h * k, l: b.l * k, c: b.c * k, v: b.v }))];
  }),
);
const symbols = FEEDS.map(([s]) => s);
const times = [...new Set([...series.values()].flatMap((bars) => bars.map((b) => b.t)))].sort((a, b) => a - b);

async function runLive(h: Harness, id: string, name: string, params: unknown, warmUntil = -Infinity) {
  const decisions: Array<{ symbol: string; side: string; t: number }> = [];
  const events: RunnerEvent[] = [];
  const execution = new OrderManagerExecution(() => h.manager, new BotLedger(`bot:${id}`, '100000', () => h.manager.openOrders()));
  execution.attach();
  const runner = new BotRunner({ id, definition: STRATEGIES.get(name)!, params, symbols, timeframe: '1Day', execution, log: h.log, onEvent: (e) => events.push(e) });
  let barTime = 0;
  const submit = execution.submit.bind(execution);
  execution.submit = (intent, source) => {
    decisions.push({ symbol: intent.symbol ?? '', side: intent.side ?? '', t: barTime });
    return submit(intent, source);
  };
  // History before `warmUntil` goes in as the bot's warm-up (what a bot fetches at its start), the rest is streamed.
  for (const s of symbols) runner.warmUp(s, series.get(s)!.filter((b) => b.t < warmUntil));
  const streamed = times.filter((t) => t >= warmUntil);
  runner.start(streamed[0]! - 1);
  const at = new Map(symbols.map((s) => [s, series.get(s)!.findIndex((b) => b.t >= warmUntil)]));
  for (const t of streamed) {
    barTime = t;
    for (const s of symbols) {
      const bars = series.get(s)!;
      const i = at.get(s)!;
      if (bars[i]?.t !== t) continue;
      at.set(s, i + 1);
      runner.onBar(s, bars[i]!);
      if (runner.pending > 0) await waitFor(() => runner.pending === 0, `${name}: the order sent at ${new Date(t).toISOString()}`, 10_000);
    }
  }
  runner.stop();
  execution.detach();
  const mine = h.manager.orders().filter((o) => o.source === `bot:${id}`);
  return { decisions, events, mine };
}

describe('multi-symbol strategies in a live bot', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ exchange: { rateLimitPerMinute: 20_000 }, requestsPerSecond: 500 });
  }, 30_000);

  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['momentum', { topN: '1', lookback: '63', skip: '5', rebalance: 'weekly', investFraction: '0.5' }],
    ['sector-rotation', { topN: '1', lookback: '63', smaBars: '50', investFraction: '0.5' }],
    ['earnings-momentum', { volumeMultiple: '2.5', holdBars: '20', investFraction: '0.5' }],
    ['pairs-trading', { formation: '120', reselectBars: '20', maxPValue: '0.2', minCrossings: '6', legs: 'long-only', investFraction: '0.5' }],
    ['stat-arb', { pcaWindow: '60', residualWindow: '30', components: '1', legs: 'long-only', investFraction: '0.5' }],
    ['etf-basket-arb', { formation: '120', refitBars: '20', legs: 'long-only', investFraction: '0.5' }],
  ] as const)('%s %j runs clean, its orders fill at the broker, and it opens as the backtest does', async (name, raw) => {
    const definition = STRATEGIES.get(name)!;
    const params = parseParams(definition.params, raw);
    const backtest = runBacktest(definition, params, new MarketData(symbols.map((s) => toColumns(s, series.get(s)!))), { account: { cash: 100_000 } });
    expect(backtest.orders.length, 'the backtest trades').toBeGreaterThan(3);
    const { decisions, events, mine } = await runLive(h, name, name, params);
    expect(events.filter((e) => e.kind !== 'order-sent')).toEqual([]);
    expect(decisions.length).toBeGreaterThan(3);
    expect(mine.map((o) => o.status)).toEqual(decisions.map(() => 'filled'));
    expect(decisions.every((d) => symbols.includes(d.symbol))).toBe(true);
    // The first decision (which symbol, which side) is the backtest's: both read the same bars.
    const first = backtest.orders[0]!;
    expect({ symbol: decisions[0]!.symbol, side: decisions[0]!.side }).toEqual({ symbol: first.symbol, side: first.side });
  }, 240_000);

  it('momentum warmed up with a year of history decides in its first streamed week, as a backtest window from there does', async () => {
    const definition = STRATEGIES.get('momentum')!;
    const params = parseParams(definition.params, { topN: '1', lookback: '63', skip: '5', rebalance: 'weekly', investFraction: '0.5' });
    const warmUntil = Date.parse('2004-01-01T00:00:00Z');
    const data = new MarketData(symbols.map((s) => toColumns(s, series.get(s)!)));
    const window = runBacktest(definition, params, data, { account: { cash: 100_000 }, from: data.times.findIndex((t) => t >= warmUntil) });
    const { decisions, events, mine } = await runLive(h, 'momentum-warm', 'momentum', params, warmUntil);
    expect(events.filter((e) => e.kind !== 'order-sent')).toEqual([]);
    expect(decisions[0]!.t).toBeLessThan(warmUntil + 8 * 86_400_000);
    expect({ symbol: decisions[0]!.symbol, side: decisions[0]!.side }).toEqual({ symbol: window.orders[0]!.symbol, side: window.orders[0]!.side });
    expect(mine.map((o) => o.status)).toEqual(decisions.map(() => 'filled'));
  }, 240_000);
});
