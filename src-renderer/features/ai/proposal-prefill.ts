import type { LlmProposal } from '../../../src-shared/ipc/llm-schemas.js';
import type { TicketDraft } from '../../app/ticket-draft/ticket-draft-bus.js';

/** Decimal text without float noise (0.1 + 0.2 style) for a ticket input: at most 6 decimals, no trailing zeros. */
export function decimalText(x: number, decimals = 6): string {
  return x.toFixed(decimals).replace(/\.?0+$/, '');
}

/** A model's proposal as a ticket to review: the same symbol, side, size and price; the reason says where it came from. */
export function prefillOf(proposal: LlmProposal): TicketDraft {
  const sizing = proposal.qty !== null ? 'qty' : 'notional';
  const amount = proposal.qty !== null ? decimalText(proposal.qty) : decimalText(proposal.notional ?? 0, 2);
  return {
    symbol: proposal.symbol,
    side: proposal.side,
    sizing,
    amount,
    type: proposal.type,
    ...(proposal.type === 'limit' && proposal.limitPrice !== null ? { limitPrice: decimalText(proposal.limitPrice, 4) } : {}),
    note: `AI proposal (${proposal.reason.slice(0, 80)}): review, preview (Enter) and send yourself; nothing was sent.`,
  };
}
