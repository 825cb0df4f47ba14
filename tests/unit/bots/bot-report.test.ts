import { describe, expect, it } from 'vitest';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import { botFigures, EquityCurve, roundTrips } from '../../../src-main/bots/bot-report.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';

let n = 0;
const fill = (symbol: string, side: 'buy' | 'sell', qty: string, price: string, at: number, order = `c${++n}`): FillRecord => ({
  executionId: `e${++n}`,
  brokerOrderId: `b-${order}`,
  clientOrderId: order,
  symbol,
  side,
  qty,
  price,
  cumQty: qty,
  at,
  via: 'stream',
});
const orderOf = (f: FillRecord): OrderRecord =>
  ({ clientOrderId: f.clientOrderId!, source: 'bot:x', intent: { symbol: f.symbol, side: f.side, qty: f.qty, type: 'market' }, status: 'filled' }) as unknown as OrderRecord;

function ledgerWith(fills: FillRecord[]): BotLedger {
  const ledger = new BotLedger('bot:x', '20000', () => []);
  ledger.rebuild(fills.map(orderOf), fills);
  return ledger;
}

describe('bot figures from its own ledger', () => {
  it('marks positions at the latest price the bot saw: P&L to the cent, equity = cash + marked holdings', () => {
    const fills = [fill('AAPL', 'buy', '10', '150.10', 1), fill('MSFT', 'buy', '3', '400.00', 2), fill('AAPL', 'sell', '4', '151.35', 3)];
    const ledger = ledgerWith(fills);
    const prices: Record<string, number> = { AAPL: 152.2, MSFT: 399.5 };
    const f = botFigures(ledger.snapshot(), ledger.fills(), (s) => prices[s]);
    // Realised: 4 x (151.35 - 150.10) = 5.00; unrealised: 6 x (152.20 - 150.10) + 3 x (399.50 - 400) = 12.60 - 1.50.
    expect(Number(f.realizedPl)).toBeCloseTo(5, 9);
    expect(Number(f.unrealizedPl)).toBeCloseTo(11.1, 9);
    expect(Number(f.pl)).toBeCloseTo(16.1, 9);
    expect(Number(f.cash)).toBeCloseTo(20000 - 1501 - 1200 + 605.4, 9);
    expect(Number(f.equity)).toBeCloseTo(Number(f.cash) + 6 * 152.2 + 3 * 399.5, 9);
    expect(Number(f.invested)).toBeCloseTo(6 * 150.1 + 1200, 9);
    expect(f.positions.map((p) => [p.symbol, p.lastPrice, Number(p.unrealizedPl)])).toEqual([
      ['AAPL', '152.2', 12.6],
      ['MSFT', '399.5', -1.5],
    ]);
  });

  it('claims no P&L for a position it has no price for: worth its cost', () => {
    const ledger = ledgerWith([fill('AAPL', 'buy', '10', '150', 1)]);
    const f = botFigures(ledger.snapshot(), ledger.fills(), () => undefined);
    expect(Number(f.unrealizedPl)).toBe(0);
    expect(Number(f.equity)).toBe(20000);
    expect(f.positions[0]!.lastPrice).toBeNull();
  });

  it('a short (a long-short bot): marked below its entry it gains, unmarked it is worth its entry value, negative', () => {
    const ledger = ledgerWith([fill('KO', 'sell', '10', '60.00', 1)]);
    const marked = botFigures(ledger.snapshot(), ledger.fills(), () => 58.5);
    expect(marked.unrealizedPl).toBe('15');
    expect(marked.equity).toBe('20015');
    const unmarked = botFigures(ledger.snapshot(), ledger.fills(), () => undefined);
    expect(unmarked.unrealizedPl).toBe('0');
    expect(unmarked.equity).toBe('20000');
  });

  it('counts round trips flat to flat, and wins among them', () => {
    const fills = [
      fill('AAPL', 'buy', '10', '100', 1),
      fill('AAPL', 'sell', '5', '110', 2),
      fill('AAPL', 'sell', '5', '90', 3), // flat: +50 - 50 = 0, not a win
      fill('MSFT', 'buy', '1', '100', 4),
      fill('MSFT', 'sell', '1', '101', 5), // a win
      fill('NVDA', 'buy', '2', '100', 6), // still open
    ];
    expect(roundTrips(fills)).toEqual({ trades: 2, wins: 1 });
    const ledger = ledgerWith(fills);
    const f = botFigures(ledger.snapshot(), ledger.fills(), () => undefined);
    expect({ trades: f.trades, wins: f.wins, winRate: f.winRate }).toEqual({ trades: 2, wins: 1, winRate: 0.5 });
    expect(botFigures(ledgerWith([]).snapshot(), [], () => undefined).winRate).toBeNull();
  });
});

describe('equity curve', () => {
  it('keeps one point a minute (the latest in it), in time order', () => {
    const curve = new EquityCurve();
    curve.record(60_000, 100);
    curve.record(90_000, 101);
    curve.record(120_000, 102);
    curve.record(30_000, 50); // older than the last: ignored
    curve.record(150_000, Number.NaN);
    expect(curve.list()).toEqual([
      { t: 90_000, equity: 101 },
      { t: 120_000, equity: 102 },
    ]);
  });
});
