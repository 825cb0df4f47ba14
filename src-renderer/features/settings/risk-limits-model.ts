import type { ResponseOf } from '../../../src-shared/ipc/contract.js';

export type RiskLimitsReply = ResponseOf<'risk.limits'>;
export type RiskLimitKey = keyof RiskLimitsReply['limits'];
type Usage = RiskLimitsReply['usage'];

/** The limits in the order a trader thinks of them, each with its unit and what the account uses of it now. */
export const RISK_FIELDS: Array<{ key: RiskLimitKey; label: string; unit: 'shares' | 'dollars' | 'percent'; usage: (u: Usage) => string }> = [
  { key: 'maxOrderQty', label: 'Order size (shares)', unit: 'shares', usage: () => 'per order' },
  { key: 'maxOrderNotional', label: 'Order value', unit: 'dollars', usage: () => 'per order' },
  { key: 'maxPositionQty', label: 'Position (shares, one symbol)', unit: 'shares', usage: (u) => (u.largestPosition ? `largest: ${u.largestPosition.qty} ${u.largestPosition.symbol}` : u.note ? '—' : 'no positions') },
  { key: 'maxGrossExposure', label: 'Gross exposure', unit: 'dollars', usage: (u) => (u.grossExposure === null ? '—' : `now $${money(u.grossExposure)}`) },
  { key: 'dailyLossLimit', label: 'Daily loss', unit: 'dollars', usage: (u) => (u.dayLoss === null ? '—' : `today $${money(u.dayLoss)}`) },
  { key: 'maxDrawdown', label: 'Drawdown from peak', unit: 'percent', usage: (u) => (u.drawdown === null ? '—' : `now ${(Number(u.drawdown) * 100).toFixed(2)}%`) },
  { key: 'priceBand', label: 'Price band (limit vs quote)', unit: 'percent', usage: () => 'per order' },
];

function money(text: string): string {
  return Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** What the form shows for a stored limit: percentages for the two fractions, so 0.2 reads as 20. */
export function toField(key: RiskLimitKey, value: string): string {
  const field = RISK_FIELDS.find((f) => f.key === key);
  return field?.unit === 'percent' ? trim((Number(value) * 100).toFixed(4)) : value;
}

/** Back to what main stores: fractions for the percentages; main checks every value again. */
export function fromField(key: RiskLimitKey, text: string): string {
  const field = RISK_FIELDS.find((f) => f.key === key);
  const value = text.trim();
  if (field?.unit !== 'percent' || !/^\d+(\.\d+)?$/.test(value)) return value;
  return trim((Number(value) / 100).toFixed(6));
}

/** The share of a limit used, 0..1 and beyond, where a usage figure exists: for the bar beside it. */
export function usedShare(key: RiskLimitKey, limits: RiskLimitsReply['limits'], usage: Usage): number | null {
  const of = (used: string | null | undefined): number | null => (used === null || used === undefined ? null : Number(used) / Number(limits[key]));
  switch (key) {
    case 'maxPositionQty':
      return of(usage.largestPosition?.qty ?? (usage.note ? null : '0'));
    case 'maxGrossExposure':
      return of(usage.grossExposure);
    case 'dailyLossLimit':
      return of(usage.dayLoss);
    case 'maxDrawdown':
      return of(usage.drawdown);
    default:
      return null;
  }
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
