import { describe, expect, it } from 'vitest';
import { describeSent } from '../../../../src-renderer/features/ticket/sent-order.js';

const order = { clientOrderId: 'ws-t-1', status: 'accepted' as const, filledQty: '0', filledAvgPrice: null, rejectMessage: null };

describe("the ticket's result line", () => {
  it('names the order and its status, what filled at what average, and why it was rejected', () => {
    expect(describeSent(order, false)).toBe('sent: ws-t-1 is accepted');
    expect(describeSent(order, true)).toBe('already sent: ws-t-1 is accepted');
    expect(describeSent({ ...order, status: 'partially_filled', filledQty: '3', filledAvgPrice: '190.02' }, false)).toBe('sent: ws-t-1 is partially_filled · 3 filled at 190.02');
    expect(describeSent({ ...order, status: 'rejected', rejectMessage: 'insufficient buying power' }, false)).toBe('sent: ws-t-1 is rejected (insufficient buying power)');
  });
});
