import type { BotSummaryDto } from '../../../src-shared/ipc/bot-detail-schemas.js';

/** Dollars with cents and thousands separators: "20,000.00", "-12.34". */
export function dollars(text: string | number): string {
  const n = typeof text === 'number' ? text : Number(text);
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '—';
}

/** A P&L with its sign: "+12.34", "-5.00", "0.00". */
export function signedDollars(text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return '—';
  const rounded = Math.round(n * 100) / 100;
  return `${rounded > 0 ? '+' : ''}${dollars(rounded)}`;
}

/** "4,100.00 of 20,000 (21%)". */
export function allocationUsed(s: Pick<BotSummaryDto, 'invested' | 'allocation'>): string {
  const used = Number(s.invested);
  const of = Number(s.allocation);
  const pct = of > 0 ? Math.round((used / of) * 100) : 0;
  return `${dollars(used)} of ${Number(of).toLocaleString('en-US', { maximumFractionDigits: 2 })} (${pct}%)`;
}

/** "60% (3/5)", or "—" before the first closed trade. */
export function winRate(s: Pick<BotSummaryDto, 'winRate' | 'wins' | 'trades'>): string {
  return s.winRate === null ? '—' : `${Math.round(s.winRate * 100)}% (${s.wins}/${s.trades})`;
}

export function plClass(text: string): string {
  const n = Number(text);
  return n > 0.004 ? 'pl-up' : n < -0.004 ? 'pl-down' : '';
}
