import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { OrderManagerExecution } from '../../../src-main/bots/bot-execution.js';
import { BotRunner, type RunnerEvent } from '../../../src-main/bots/bot-runner.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { startHarness, waitFor, type Harness } from '../orders/harness.js';

/**
 * The StockBot strategies hosted live by the bot runner (any registered strategy, by id), their orders through a
 * real order manager to the local exchange. Where a decision depends only on the bars and on being flat or long
 * (mean-reversion, breakout), the live sides and bar times equal the backtest's; quantities follow the bot ledger's
 * equity at the exchange's fill prices, so they are not compared. trend-following and swing size from equity
 * and measure barriers from live fills: they must run clean and have their orders filled at the broker.
 */
const FILE = 'orcl-2003-2005.txt';
const SYMBOL = 'AAPL';

async function runLive(h: Harness, id: string, name: string, params: Record<string, unknown>, bars: ReturnType<typeof parseYahooCsv>) {
  const decisions: Array<{ side: string; t: number }> = [];
  const events: RunnerEvent[] = [];
  // The bot's own ledger, its allocation the backtest's cash: the strategy sees only what is its own.
  const execution = new OrderManagerExecution(() => h.manager, new BotLedger(`bot:${id}`, '100000', () => h.manager.openOrders()));
  execution.attach();
  const runner = new BotRunner({ id, definition: STRATEGIES.get(name)!, params, symbols: [SYMBOL], timeframe: '1Day', execution, log: h.log, onEvent: (e) => events.push(e) });
  let barTime = 0;
  const submit = execution.submit.bind(execution);
  execution.submit = (intent, source) => {
    decisions.push({ side: intent.side ?? '', t: barTime });
    return submit(intent, source);
  };
  runner.start();
  for (const bar of bars) {
    barTime = bar.t;
    runner.onBar(SYMBOL, bar);
    if (runner.pending > 0) await waitFor(() => runner.pending === 0, `${name}: the order sent at ${new Date(bar.t).toISOString()}`, 10_000);
  }
  runner.stop();
  execution.detach();
  const mine = h.manager.orders().filter((o) => o.source === `bot:${id}`);
  return { decisions, events, mine };
}

describe('StockBot strategies in a live bot', () => {
  let h: Harness;
  const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, FILE), 'utf8'), FILE);

  beforeAll(async () => {
    // About 150 orders in seconds: above Alpaca's 200 requests a minute, which is not what this test is about.
    h = await startHarness({ exchange: { rateLimitPerMinute: 20_000 }, requestsPerSecond: 500 });
  }, 30_000);

  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['mean-reversion', { allocation: '0.05' }],
    ['breakout', { allocation: '0.05' }],
    ['breakout', { allocation: '0.05', variant: 'dual-thrust' }],
  ] as const)('%s %j: the backtest\'s sides at the same bars, filled at the broker', async (name, raw) => {
    const definition = STRATEGIES.get(name)!;
    const params = parseParams(definition.params, raw);
    const backtest = backtestBars(definition, params, SYMBOL, bars, { account: { cash: 100_000 } });
    const expected = backtest.orders.map((o) => ({ side: o.side, t: o.submittedAt }));
    expect(expected.length).toBeGreaterThan(4);
    const id = `${name}-${Object.values(raw).join('-')}`.replace(/\W/g, '-');
    const { decisions, events, mine } = await runLive(h, id, name, params, bars);
    expect(events.filter((e) => e.kind !== 'order-sent')).toEqual([]);
    expect(decisions).toEqual(expected);
    expect(mine.map((o) => o.status)).toEqual(expected.map(() => 'filled'));
  }, 180_000);

  it.each([
    ['trend-following', { lookback: '63', volPeriod: '20', emaFast: '10', emaSlow: '40', maxAllocation: '0.05' }],
    ['swing', { allocation: '0.05' }],
  ] as const)('%s runs clean and its orders fill at the broker', async (name, raw) => {
    const params = parseParams(STRATEGIES.get(name)!.params, raw);
    const { decisions, events, mine } = await runLive(h, name, name, params, bars);
    expect(events.filter((e) => e.kind !== 'order-sent')).toEqual([]);
    expect(decisions.length).toBeGreaterThan(4);
    expect(mine.map((o) => o.status)).toEqual(decisions.map(() => 'filled'));
  }, 180_000);
});
