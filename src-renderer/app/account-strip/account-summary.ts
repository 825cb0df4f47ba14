import { Decimal } from 'decimal.js';
import type { ResponseOf } from '../../../src-shared/ipc/contract.js';

export type AccountWire = ResponseOf<'orders.account'>;
export type Sign = 'up' | 'down' | 'flat';

/** What the toolbar's account strip shows, as text, with the sign that colours the day's P&L. */
export interface AccountSummary {
  equity: string;
  dayPl: string;
  dayPlPercent: string;
  daySign: Sign;
  buyingPower: string;
  positions: number;
}

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function formatMoney(value: Decimal): string {
  return money.format(value.toNumber());
}

function signOf(value: Decimal): Sign {
  if (value.isZero()) return 'flat';
  return value.isPositive() ? 'up' : 'down';
}

/**
 * Day P&L is equity against the broker's last_equity (the close of the previous session), as Alpaca's own
 * dashboard computes it; the percent is of last_equity, and absent (—) when that is zero (a new account).
 */
export function summariseAccount(account: AccountWire): AccountSummary {
  const equity = new Decimal(account.equity);
  const last = new Decimal(account.lastEquity);
  const day = equity.minus(last);
  const sign = signOf(day);
  const plus = sign === 'up' ? '+' : '';
  return {
    equity: formatMoney(equity),
    dayPl: `${plus}${formatMoney(day)}`,
    dayPlPercent: last.isZero() ? '—' : `${plus}${day.div(last).times(100).toFixed(2)}%`,
    daySign: sign,
    buyingPower: formatMoney(new Decimal(account.buyingPower)),
    positions: account.marks.length,
  };
}
