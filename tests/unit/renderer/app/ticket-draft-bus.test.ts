import { describe, expect, it } from 'vitest';
import { TicketDraftBus, type TicketDraft } from '../../../../src-renderer/app/ticket-draft/ticket-draft-bus.js';

const draft = (symbol: string): TicketDraft => ({ symbol, side: 'buy', note: `from a test: ${symbol}` });

describe('ticket drafts', () => {
  it('keeps the newest draft for a ticket that opens later, and gives it once', () => {
    const bus = new TicketDraftBus();
    bus.offer(draft('AAPL'));
    bus.offer(draft('MSFT'));
    expect(bus.take()).toEqual(draft('MSFT'));
    expect(bus.take()).toBeUndefined();
  });

  it('hands a draft straight to an open ticket and keeps nothing waiting', () => {
    const bus = new TicketDraftBus();
    const heard: TicketDraft[] = [];
    const leave = bus.subscribe((d) => heard.push(d));
    bus.offer(draft('AAPL'));
    expect(heard).toEqual([draft('AAPL')]);
    expect(bus.take()).toBeUndefined();
    leave();
    bus.offer(draft('XOM'));
    expect(heard).toHaveLength(1);
    expect(bus.take()).toEqual(draft('XOM'));
  });
});
