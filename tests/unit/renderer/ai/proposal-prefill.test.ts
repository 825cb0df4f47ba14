import { describe, expect, it } from 'vitest';
import { orderIntent } from '../../../../src-shared/domain/order-intent.js';
import { TicketDraftBus, type TicketDraft } from '../../../../src-renderer/app/ticket-draft/ticket-draft-bus.js';
import { prefillOf } from '../../../../src-renderer/features/ai/proposal-prefill.js';
import { EMPTY_TICKET, validateTicket } from '../../../../src-renderer/features/ticket/ticket-form.js';

const ticketOf = (p: TicketDraft) => validateTicket({ ...EMPTY_TICKET, symbol: p.symbol, side: p.side, sizing: p.sizing ?? 'qty', amount: p.amount ?? '', type: p.type ?? 'limit', limitPrice: p.limitPrice ?? '' });

describe('an AI proposal as a ticket', () => {
  it('a limit buy by qty becomes a valid ticket with the same size and price, without float noise', () => {
    const prefill = prefillOf({ symbol: 'SPY', side: 'buy', qty: 10, notional: null, type: 'limit', limitPrice: 0.1 + 0.2, reason: 'pullback' });
    expect(prefill).toMatchObject({ symbol: 'SPY', side: 'buy', sizing: 'qty', amount: '10', type: 'limit', limitPrice: '0.3' });
    const { valid, intent } = ticketOf(prefill);
    expect(valid).toBe(true);
    expect(orderIntent.safeParse(intent).success).toBe(true);
  });

  it('a market sell by notional keeps dollars to the cent and sends no limit price', () => {
    const prefill = prefillOf({ symbol: 'QQQ', side: 'sell', qty: null, notional: 1234.567, type: 'market', limitPrice: null, reason: 'trim' });
    expect(prefill).toMatchObject({ sizing: 'notional', amount: '1234.57', type: 'market' });
    expect(prefill.limitPrice).toBeUndefined();
    expect(ticketOf(prefill).intent).toMatchObject({ symbol: 'QQQ', side: 'sell', type: 'market', notional: '1234.57' });
  });

  it('the draft bus hands a proposal to an open ticket, or keeps it once for the ticket that opens next', () => {
    const prefill = prefillOf({ symbol: 'SPY', side: 'buy', qty: 1, notional: null, type: 'market', limitPrice: null, reason: 'r' });
    expect(prefill.note).toMatch(/^AI proposal \(r\): .*nothing was sent/);
    const bus = new TicketDraftBus();
    bus.offer(prefill);
    expect(bus.take()).toEqual(prefill);
    expect(bus.take()).toBeUndefined();
    const heard: TicketDraft[] = [];
    const off = bus.subscribe((p) => heard.push(p));
    bus.offer(prefill);
    off();
    expect(heard).toEqual([prefill]);
    expect(bus.take()).toBeUndefined();
  });
});
