import type { EpochMs } from '../../../src-shared/time.js';
import { Account } from './account.js';
import { Decimal, decStr } from './decimal.js';
import type { AccountConfigurations, Activity, Order, Position } from './model.js';

/**
 * One paper account written down as JSON (decimals as strings), and read back: what lets the demo exchange
 * survive a restart like a paper account does. The key id is not stored: the demo key pair is fresh per start,
 * and the account is bound to whichever key the new start made.
 */
export const ACCOUNT_STATE_VERSION = 1;

type DecimalField = 'notional' | 'qty' | 'filledQty' | 'filledCost' | 'limitPrice' | 'stopPrice' | 'trailPercent' | 'trailPrice' | 'hwm' | 'ratioQty';
const DECIMAL_FIELDS: readonly DecimalField[] = ['notional', 'qty', 'filledQty', 'filledCost', 'limitPrice', 'stopPrice', 'trailPercent', 'trailPrice', 'hwm', 'ratioQty'];

export type OrderState = Omit<Order, DecimalField | 'keyId'> & { [K in DecimalField]: string | null };
export type PositionStateJson = Omit<Position, 'qty' | 'costBasis'> & { qty: string; costBasis: string };

export interface AccountState {
  version: typeof ACCOUNT_STATE_VERSION;
  id: string;
  accountNumber: string;
  createdAt: EpochMs;
  cash: string;
  lastEquity: string;
  configurations: AccountConfigurations;
  /** In submission order. */
  orders: OrderState[];
  positions: PositionStateJson[];
  activities: Activity[];
  equitySamples: Array<{ t: EpochMs; equity: string }>;
  /** Long option positions under a do-not-exercise instruction (absent in states saved before it existed). */
  doNotExercise?: string[];
}

const text = (value: Decimal | null): string | null => (value === null ? null : decStr(value));
const decimal = (value: string | null): Decimal | null => (value === null ? null : new Decimal(value));

export function accountState(account: Account): AccountState {
  const orders: OrderState[] = [];
  for (const id of account.orderSequence) {
    const order = account.orders.get(id);
    if (!order) continue;
    const { keyId: _keyId, ...rest } = order;
    const out = { ...rest } as Record<string, unknown>;
    for (const field of DECIMAL_FIELDS) out[field] = text(order[field]);
    orders.push(out as OrderState);
  }
  return {
    version: ACCOUNT_STATE_VERSION,
    id: account.id,
    accountNumber: account.accountNumber,
    createdAt: account.createdAt,
    cash: decStr(account.cash),
    lastEquity: decStr(account.lastEquity),
    configurations: { ...account.configurations },
    orders,
    positions: [...account.positions.values()].map((p) => ({ ...p, qty: decStr(p.qty), costBasis: decStr(p.costBasis) })),
    activities: account.activities.map((a) => ({ ...a })),
    equitySamples: account.equitySamples.map((s) => ({ t: s.t, equity: decStr(s.equity) })),
    doNotExercise: [...account.doNotExercise],
  };
}

/** The account as it was, bound to `keyId`; throws on a state this build cannot read. */
export function accountFromState(state: AccountState, keyId: string, maxMarginMultiplier: AccountConfigurations['max_margin_multiplier']): Account {
  if (state.version !== ACCOUNT_STATE_VERSION) throw new Error(`demo account state version ${String(state.version)} is not ${ACCOUNT_STATE_VERSION}`);
  const account = new Account(keyId, state.id, state.accountNumber, state.createdAt, new Decimal(state.cash), maxMarginMultiplier);
  account.lastEquity = new Decimal(state.lastEquity);
  account.configurations = { ...account.configurations, ...state.configurations };
  for (const saved of state.orders) {
    const order = { ...saved, keyId } as Record<string, unknown>;
    for (const field of DECIMAL_FIELDS) order[field] = decimal(saved[field]);
    account.addOrder(order as unknown as Order);
  }
  for (const p of state.positions) account.positions.set(p.symbol, { ...p, qty: new Decimal(p.qty), costBasis: new Decimal(p.costBasis) });
  for (const a of state.activities) account.activities.push(a);
  for (const s of state.equitySamples) account.equitySamples.push({ t: s.t, equity: new Decimal(s.equity) });
  for (const symbol of state.doNotExercise ?? []) account.doNotExercise.add(symbol);
  return account;
}
