import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { FillRecord, OrderRecord } from '../../../../src-shared/domain/order-record.js';
import type { OrderIntent } from '../../../../src-shared/domain/order-intent.js';
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
});
