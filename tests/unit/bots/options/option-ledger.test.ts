import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { FillRecord, OrderRecord } from '../../../../src-shared/domain/order-record.js';
import type { OrderIntent } from '../../../../src-shared/domain/order-intent.js';
import { naturalLimit } from '../../../../src-main/bots/options/option-bot.js';
import { optionBotFigures } from '../../../../src-main/bots/options/option-figures.js';
import { OptionLedger } from '../../../../src-main/bots/options/option-ledger.js';

const P100 = 'XYZ240621P00100000';
const P95 = 'XYZ240621P00095000';
const C110 = 'XYZ240621C00110000';

function order(clientOrderId: string, source: string, intent: Partial<OrderIntent>, parent: string | null = null): OrderRecord {
  return { clientOrderId, brokerOrderId: null, source, intent: { type: 'market', timeInForce: 'day', extendedHours: false, orderClass: 'simple', ...intent } as OrderIntent, status: 'filled', filledQty: '0', filledAvgPrice: null, brokerUpdatedAt: null, createdAt: 0, updatedAt: 0, external: false, rejectCode: null, rejectMessage: null, replacesClientOrderId: null, parentClientOrderId: parent };
}
function fill(id: string, clientOrderId: string, symbol: string, side: 'buy' | 'sell', qty: string, price: string, at: number): FillRecord {
  return { executionId: id, brokerOrderId: 'b', clientOrderId, symbol, side, qty, price, cumQty: qty, at, via: 'stream' };
}
const check = (ledger: OptionLedger, intent: Partial<OrderIntent>) => ledger.check({ type: 'market', timeInForce: 'day', extendedHours: false, orderClass: 'simple', ...intent } as OrderIntent, { referencePrice: undefined, replacing: undefined, requestKey: undefined });

describe("an OptionsBot's option ledger", () => {
  it('counts its multi-leg legs at 100 shares a contract, ignores the parent net fill and other sources', () => {
    const ledger = new OptionLedger('bot:a', '10000', 'XYZ');
    const parent = order('p1', 'bot:a', { orderClass: 'mleg', qty: '2', legs: [{ symbol: P100, side: 'sell', ratioQty: '1' }, { symbol: P95, side: 'buy', ratioQty: '1' }] });
    const legs = [order('l1', 'bot:a', { symbol: P100, side: 'sell' }, 'p1'), order('l2', 'bot:a', { symbol: P95, side: 'buy' }, 'p1')];
    const other = order('o1', 'bot:b', { symbol: P100, side: 'buy' });
    ledger.rebuild([parent, ...legs, other], [fill('e1', 'l1', P100, 'sell', '2', '3.10', 1), fill('e2', 'l2', P95, 'buy', '2', '1.05', 2), fill('e3', 'p1', '', 'sell', '2', '2.05', 3), fill('e4', 'o1', P100, 'buy', '5', '3', 4)]);
    expect([...ledger.options()]).toEqual([[P100, -2], [P95, 2]]);
    // 2 x (3.10 - 1.05) x 100 received.
    expect(ledger.cash().toFixed()).toBe('10410');
    // The $5 width of two spreads is held.
    expect(ledger.snapshot().reserved).toBe('1000');
    ledger.mark(P100, 2.5);
    ledger.mark(P95, 0.8);
    expect(ledger.equity().toFixed()).toBe(new Decimal(10410).minus(500).plus(160).toFixed());
  });

  it("passes what fits the capital at the legs' far sides with the worst loss held, refuses more, naked calls and others' symbols", () => {
    const ledger = new OptionLedger('bot:a', '1000', 'XYZ');
    ledger.mark(P100, 3.1, { bid: 3.0, ask: 3.2 });
    ledger.mark(P95, 1.0, { bid: 0.95, ask: 1.05 });
    ledger.mark(C110, 1.0, { bid: 0.9, ask: 1.1 });
    const spread = (qty: string) => check(ledger, { orderClass: 'mleg', qty, legs: [{ symbol: P100, side: 'sell', ratioQty: '1' }, { symbol: P95, side: 'buy', ratioQty: '1' }] });
    // One spread: 500 held, 195 received: 1,195 >= 500.
    expect(spread('1')).toEqual({ ok: true });
    // Six: 3,000 held against 1,000 + 1,170.
    expect(spread('6')).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED' });
    expect(check(ledger, { symbol: C110, side: 'sell', qty: '1' })).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: expect.stringMatching(/not covered by the bot's own shares/) });
    expect(check(ledger, { symbol: 'ABC240621C00110000', side: 'buy', qty: '1' })).toMatchObject({ ok: false, code: 'BOT_ORDER_UNSUPPORTED' });
    expect(check(ledger, { symbol: 'XYZ', side: 'sell', qty: '1' })).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED' });
  });

  it('settles options past expiry as the broker does: exercise and assignment at the strike when $0.01 in the money, expiry otherwise', () => {
    // The exchange's own expiry scenario (tests/integration/exchange-options): AAPL closes at 105.00 on 2024-06-24.
    const C100 = 'AAPL240624C00100000';
    const C10499 = 'AAPL240624C00104990';
    const C105 = 'AAPL240624C00105000';
    const P100 = 'AAPL240624P00100000';
    const P110 = 'AAPL240624P00110000';
    const LATER = 'AAPL240719C00100000';
    const ledger = new OptionLedger('bot:a', '100000', 'AAPL');
    const legs: Array<[string, 'buy' | 'sell', string, string]> = [
      ['AAPL', 'buy', '100', '105.10'],
      [C100, 'buy', '2', '5.20'],
      [C10499, 'buy', '1', '1.10'],
      [P100, 'buy', '1', '0.40'],
      [C105, 'sell', '1', '0.80'],
      [P110, 'sell', '1', '5.10'],
      [LATER, 'buy', '1', '6.00'],
    ];
    const orders = legs.map(([symbol, side], i) => order(`o${i}`, 'bot:a', { symbol, side }));
    ledger.rebuild(orders, legs.map(([symbol, side, qty, price], i) => fill(`e${i}`, `o${i}`, symbol, side, qty, price, i)));
    const cashBefore = ledger.cash();
    expect(ledger.oldestUnsettled('2024-06-24')).toBeUndefined();
    expect(ledger.oldestUnsettled('2024-06-25')).toBe('2024-06-24');
    // Without the expiry day's close nothing is settled (and is tried again later).
    expect(ledger.settleExpired('2024-06-25', () => undefined)).toEqual([]);
    const booked = ledger.settleExpired('2024-06-25', (d) => (d === '2024-06-24' ? 105 : undefined));
    expect(booked.map((b) => [b.symbol, b.kind, b.contracts, b.shares, b.price])).toEqual([
      [C100, 'exercise', '2', '200', '100'],
      [C10499, 'exercise', '1', '100', '104.99'],
      [P100, 'expiry', '1', '0', '0'],
      [C105, 'expiry', '-1', '0', '0'],
      [P110, 'assignment', '-1', '100', '110'],
    ]);
    // 100 bought + 200 + 100 exercised + 100 assigned, as at the exchange; the July call is untouched.
    expect(ledger.qty('AAPL').toFixed()).toBe('500');
    expect([...ledger.options()]).toEqual([[LATER, 1]]);
    expect(ledger.cash().toFixed(2)).toBe(cashBefore.minus(200 * 100 + 100 * 104.99 + 100 * 110).toFixed(2));
    // Idempotent: nothing is booked twice.
    expect(ledger.settleExpired('2024-06-26', () => 105)).toEqual([]);
    expect(ledger.settlements()).toHaveLength(5);
    // P&L in dollars adds up: realised + unrealised = equity - allocation, at the marks it holds.
    ledger.mark('AAPL', 106);
    ledger.mark(LATER, 6.5);
    const f = optionBotFigures(ledger);
    expect(new Decimal(f.pl).toFixed(2)).toBe(ledger.equity().minus(100000).toFixed(2));
    // The premiums of the settled contracts are realised: -2x5.20 -1x1.10 -0.40 +0.80 +5.10 per share, x100.
    expect(new Decimal(f.realizedPl).toFixed(2)).toBe(new Decimal(-10.4 - 1.1 - 0.4 + 0.8 + 5.1).times(100).toFixed(2));
    expect(f.positions.map((p) => [p.symbol, p.qty, p.unrealizedPl])).toEqual([
      // 500 shares: 100 at 105.10, 200 at 100, 100 at 104.99, 100 at 110 -> average 104.018; at 106 they gain 991
      ['AAPL', '500', '991'],
      [LATER, '1', '50'],
    ]);
    // Five round trips ended by settlement (the shares' one is still open): the two short ones kept their premium.
    expect([f.trades, f.wins]).toEqual([5, 2]);
  });
});

describe("an OptionsBot's marketable limit", () => {
  const quotes = new Map([
    ['A', { bid: 1.0, ask: 1.1 }],
    ['B', { bid: 0.4, ask: 0.45 }],
  ]);
  const quoteOf = (s: string) => quotes.get(s);
  it('prices each leg at its natural side (buy at the ask, sell at the bid) times its ratio; a credit is negative', () => {
    // buy A at 1.10, sell 2 B at 0.40: a debit of 0.30
    expect(naturalLimit([{ symbol: 'A', side: 'buy', ratio: 1 }, { symbol: 'B', side: 'sell', ratio: 2 }], quoteOf)?.toFixed(2)).toBe('0.30');
    // sell A at 1.00, buy B at 0.45: a credit of 0.55
    expect(naturalLimit([{ symbol: 'A', side: 'sell', ratio: 1 }, { symbol: 'B', side: 'buy', ratio: 1 }], quoteOf)?.toFixed(2)).toBe('-0.55');
    expect(naturalLimit([{ symbol: 'A', side: 'buy', ratio: 1 }, { symbol: 'C', side: 'sell', ratio: 1 }], quoteOf)).toBeUndefined();
  });
});
