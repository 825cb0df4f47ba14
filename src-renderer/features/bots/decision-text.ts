import type { z } from 'zod';
import type { decisionSchema } from '../../../src-shared/ipc/bot-framework-schemas.js';

export type DecisionDto = z.infer<typeof decisionSchema>;

/** Codes in words: what happened to the signal. */
const WORDS: Record<DecisionDto['code'], string> = {
  ORDER_SENT: 'order sent',
  NO_CASH: 'not sent: no cash in its allocation',
  PROTECTION: 'not sent: a protection lock',
  RISK_DENIED: 'not sent: risk denied',
  STALE_DATA: 'not sent: stale data',
  MARKET_CLOSED: 'not sent: market closed',
  SHORTING_OFF: 'not sent: shorting is off',
  NO_DATA: 'not sent: no data yet',
  TOO_SMALL: 'not sent: too small',
};

export function decisionWords(code: DecisionDto['code']): string {
  return WORDS[code];
}

/** One line: "buy 12 AAPL — order sent: market buy 12 (momentum …)". */
export function decisionLine(d: DecisionDto): string {
  const what = [d.side, d.qty !== undefined ? String(d.qty) : undefined, d.symbol].filter(Boolean).join(' ');
  const why = d.cause ? ` — because ${d.cause}` : '';
  return `${what ? `${what}: ` : ''}${decisionWords(d.code)} (${d.reason})${why}`;
}
