import { describe, expect, it } from 'vitest';
import { EMPTY_TICKET, intentOf, validateTicket, type TicketForm } from '../../../../src-renderer/features/ticket/ticket-form.js';

const form = (changes: Partial<TicketForm>): TicketForm => ({ ...EMPTY_TICKET, ...changes });

describe('ticket form', () => {
  it('sends only the fields the chosen type and class use', () => {
    const intent = intentOf(form({ symbol: 'aapl', type: 'market', amount: '5', limitPrice: '10', stopPrice: '9', takeProfit: '12' }));
    expect(intent).toEqual({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '5', extendedHours: false, orderClass: 'simple' });
  });

  it('builds a bracket with both exits, and a notional order in dollars', () => {
    const bracket = validateTicket(form({ symbol: 'SPY', type: 'limit', amount: '10', limitPrice: '500', orderClass: 'bracket', takeProfit: '520', stopLossStop: '490', stopLossLimit: '489.5' }));
    expect(bracket.valid).toBe(true);
    expect(bracket.intent.takeProfit).toEqual({ limitPrice: '520' });
    expect(bracket.intent.stopLoss).toEqual({ stopPrice: '490', limitPrice: '489.5' });
    const notional = validateTicket(form({ symbol: 'SPY', type: 'market', sizing: 'notional', amount: '1000.50' }));
    expect(notional.valid).toBe(true);
    expect(notional.intent.notional).toBe('1000.50');
    expect(notional.intent.qty).toBeUndefined();
  });

  it('puts each schema message beside its input', () => {
    const { errors, valid } = validateTicket(form({ symbol: '', type: 'stop_limit', amount: '' }));
    expect(valid).toBe(false);
    expect(errors.symbol).toBe('symbol is required');
    expect(errors.amount).toBe('quantity is required');
    expect(errors.limitPrice).toBe('a stop_limit order needs a limit price');
    expect(errors.stopPrice).toBe('a stop_limit order needs a stop price');
    const trailing = validateTicket(form({ symbol: 'AAPL', type: 'trailing_stop', side: 'sell', amount: '1' }));
    expect(trailing.errors.trail).toBe('a trailing stop needs exactly one of trail price or trail percent');
    const oto = validateTicket(form({ symbol: 'AAPL', type: 'limit', amount: '1', limitPrice: '10', orderClass: 'oto', takeProfit: '12', stopLossStop: '9' }));
    expect(oto.errors.orderClass).toBe('an OTO needs exactly one of take profit or stop loss');
    const notionalLimit = validateTicket(form({ symbol: 'AAPL', type: 'limit', sizing: 'notional', amount: '100', limitPrice: '10' }));
    expect(notionalLimit.errors.amount).toBe('notional orders must be market orders with time in force day');
    const extended = validateTicket(form({ symbol: 'AAPL', type: 'market', amount: '1', extendedHours: true }));
    expect(extended.errors.extendedHours).toBe('extended hours need a limit order with time in force day');
  });
});
