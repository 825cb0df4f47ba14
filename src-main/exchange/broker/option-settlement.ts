import type { Account } from './account.js';
import { Decimal, decStr, fromNumber } from './decimal.js';
import type { NonTradeActivity, Position } from './model.js';
import { applyExecution } from './positions.js';
import { parseOcc } from '../market/options-chain.js';

/**
 * Option exercise, assignment and expiry on the account, as Alpaca books them (shared/alpaca-contract README
 * section 10): an exercised long call buys 100 shares a contract at the strike (a put sells them), an assigned short
 * call sells them (a put buys them), each with its OPEXC or OPASN activity and the paired OPTRD; a contract that
 * expires out of the money is removed with an OPEXP. The option position goes; the premium was paid when it traded.
 */

export interface SettlementContext {
  /** YYYY-MM-DD of the event. */
  date: string;
  /** Activity ids: `<yyyymmddhhmmssmmm>::<uuid>`. */
  newId: () => string;
  /** The underlying's asset id (for a stock position created by delivery). */
  underlyingAssetId: (symbol: string) => string;
}

export type SettlementKind = 'exercise' | 'assignment' | 'expiry';

/** In the money by at least $0.01 at `underlyingPrice`: what Alpaca exercises automatically at expiry. */
export function inTheMoney(type: 'call' | 'put', strike: number, underlyingPrice: number): boolean {
  const amount = type === 'call' ? underlyingPrice - strike : strike - underlyingPrice;
  return amount >= 0.01 - 1e-9;
}

/** Settles one option position (all of it); returns the activities recorded. */
export function settleOption(account: Account, position: Position, kind: SettlementKind, ctx: SettlementContext): NonTradeActivity[] {
  const occ = parseOcc(position.symbol);
  if (!occ) return [];
  const contracts = position.qty;
  account.positions.delete(position.symbol);
  const removed = contracts.neg();
  const out: NonTradeActivity[] = [];
  const base = { date: ctx.date, net_amount: '0', symbol: position.symbol, qty: decStr(removed), status: 'executed' as const };
  if (kind === 'expiry') {
    out.push({ activity_type: 'OPEXP', id: ctx.newId(), description: 'Option Expiry', ...base });
  } else {
    out.push({ activity_type: kind === 'exercise' ? 'OPEXC' : 'OPASN', id: ctx.newId(), description: kind === 'exercise' ? 'Option Exercise' : 'Option Assignment', ...base });
    // Shares: a long call or a short put buys them; a long put or a short call sells them.
    const buys = (occ.type === 'call') === contracts.isPositive();
    const shares = contracts.abs().times(position.multiplier);
    const strike = fromNumber(occ.strike);
    applyExecution(account, { side: buys ? 'buy' : 'sell', symbol: occ.underlying, assetId: ctx.underlyingAssetId(occ.underlying), assetClass: 'us_equity', multiplier: 1 }, shares, strike, '');
    const signed = buys ? shares : shares.neg();
    out.push({
      activity_type: 'OPTRD',
      id: ctx.newId(),
      date: ctx.date,
      net_amount: decStr(signed.neg().times(strike)),
      description: 'Option Trade',
      symbol: occ.underlying,
      qty: decStr(signed),
      price: decStr(strike),
      status: 'executed',
    });
  }
  for (const a of out) account.activities.push(a);
  return out;
}

/** The option positions of the account that expire on `date`, by symbol (so the activities come in a fixed order). */
export function expiringPositions(account: Account, date: string): Position[] {
  return [...account.positions.values()].filter((p) => p.assetClass === 'us_option' && parseOcc(p.symbol)?.expiration === date).sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
}

