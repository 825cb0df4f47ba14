import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import { DAILY_CLOSE_AFTER_STAMP_MS } from '../../../src-shared/domain/news-cutoff.js';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import type { BotOrderResult } from '../../../src-main/bots/bot-execution.js';
import { BotRunner } from '../../../src-main/bots/bot-runner.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import type { StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { createMlSignal } from '../../../src-main/strategies/ml/ml-signal.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { NEWS_MODEL, scatteredHeadlines } from '../../support/news-model.js';
import { SilentExecution } from '../../support/silent-execution.js';

const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl').slice(0, 400);

/** A broker that fills every market order in full at the last close it was told, right after the submit answers. */
class FillingExecution extends SilentExecution {
  price = 0;
  private held = 0;
  private n = 0;
  private orderListener: ((order: OrderRecord) => void) | undefined;
  private fillListener: ((fill: FillRecord) => void) | undefined;
  override submit(intent: OrderIntent, source: string): Promise<BotOrderResult> {
    const clientOrderId = `c${++this.n}`;
    const base = { clientOrderId, brokerOrderId: `b${this.n}`, source, intent, filledQty: '0', filledAvgPrice: null, brokerUpdatedAt: 0, createdAt: 0, updatedAt: 0, external: false, rejectCode: null, rejectMessage: null, replacesClientOrderId: null, parentClientOrderId: null };
    const qty = Number(intent.qty);
    const price = this.price;
    setTimeout(() => {
      this.held += intent.side === 'buy' ? qty : -qty;
      this.fillListener?.({ executionId: `e${clientOrderId}`, brokerOrderId: base.brokerOrderId, clientOrderId, symbol: intent.symbol ?? '', side: intent.side as 'buy' | 'sell', qty: String(qty), price: String(price), cumQty: String(qty), at: 0, via: 'stream' });
      this.orderListener?.({ ...base, status: 'filled', filledQty: String(qty), filledAvgPrice: String(price) } as OrderRecord);
    }, 0);
    return Promise.resolve({ ok: true, order: { ...base, status: 'new' } as OrderRecord });
  }
  override position(): number {
    return this.held;
  }
  override cash(): number {
    return 10_000_000;
  }
  override equity(): number {
    return 10_000_000;
  }
  override onOrder(listener: (order: OrderRecord) => void): () => void {
    this.orderListener = listener;
    return () => undefined;
  }
  override onFill(listener: (fill: FillRecord) => void): () => void {
    this.fillListener = listener;
    return () => undefined;
  }
}


const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ml-signal with a news model in a live bot', () => {
  it('decides on the bars the backtest decides on, with headlines arriving from the wire as they are published', async () => {
    const definition = createMlSignal(NEWS_MODEL, 'ml-signal-news');
    const params = parseParams(definition.params, { allocation: 0.5 });
    const news = scatteredHeadlines(bars, 200, 23);
    const backtest = backtestBars(definition, params, 'ORCL', bars, { news });
    const expected = backtest.orders.map((o) => `${o.side} ${o.submittedAt}`);
    expect(expected.length).toBeGreaterThan(10);

    const execution = new FillingExecution();
    const decided: string[] = [];
    let barTime = 0;
    const submit = execution.submit.bind(execution);
    execution.submit = (intent, source) => {
      decided.push(`${intent.side} ${barTime}`);
      return submit(intent, source);
    };
    const runner = new BotRunner({ id: 'news', definition: definition as unknown as StrategyDefinition, params, symbols: ['ORCL'], timeframe: '1Day', execution, log: { info: () => undefined, warn: () => undefined, error: () => undefined }, onEvent: () => undefined });
    runner.start(0);
    // The wire's order: each headline when published, each daily bar some hours after its session closed (the
    // stream completes it late), so evening headlines reach the bot before the day's bar and must be held back.
    const events = [...news.map((h) => ({ at: h.t, news: h })), ...bars.map((b) => ({ at: b.t + DAILY_CLOSE_AFTER_STAMP_MS + 6 * 3_600_000, bar: b }))].sort((a, b) => a.at - b.at);
    for (const e of events) {
      if ('news' in e) runner.onNews(e.news);
      else {
        barTime = e.bar.t;
        execution.price = e.bar.c;
        runner.onBar('ORCL', e.bar);
        // A daily bot's fill arrives long before the next bar: let it land first.
        for (let i = 0; i < 5 && runner.pending > 0; i++) await tick();
        await tick();
      }
    }
    runner.stop();
    expect(decided).toEqual(expected);
  });
});
