import type { EpochMs } from '../../../src-shared/time.js';
import { Decimal, ZERO } from './decimal.js';
import type { AccountConfigurations, Activity, EquitySample, Order, Position } from './model.js';

/**
 * One paper account (one per API key id): cash, orders, positions, fill activities, configuration and equity
 * samples. It only records; the Broker decides what happens.
 */
export class Account {
  cash: Decimal;
  /** Equity at the previous close (Alpaca's last_equity). */
  lastEquity: Decimal;
  readonly orders = new Map<string, Order>();
  /** Submission order, oldest first: listings sort from it. */
  readonly orderSequence: string[] = [];
  readonly clientOrderIds = new Map<string, string>();
  readonly positions = new Map<string, Position>();
  readonly activities: Activity[] = [];
  readonly equitySamples: EquitySample[] = [];
  /** Long option positions the trader asked not to exercise at expiry (POST .../do-not-exercise), by symbol. */
  readonly doNotExercise = new Set<string>();
  configurations: AccountConfigurations;

  constructor(
    readonly keyId: string,
    readonly id: string,
    readonly accountNumber: string,
    readonly createdAt: EpochMs,
    startingCash: Decimal,
    maxMarginMultiplier: AccountConfigurations['max_margin_multiplier'],
  ) {
    this.cash = startingCash;
    this.lastEquity = startingCash;
    this.configurations = {
      dtbp_check: 'entry',
      no_shorting: false,
      suspend_trade: false,
      fractional_trading: true,
      max_margin_multiplier: maxMarginMultiplier,
      pdt_check: 'entry',
      trade_confirm_email: 'all',
      ptp_no_exception_entry: false,
      max_options_trading_level: 3,
    };
  }

  addOrder(order: Order): void {
    this.orders.set(order.id, order);
    this.orderSequence.push(order.id);
    this.clientOrderIds.set(order.clientOrderId, order.id);
  }

  positionQty(symbol: string): Decimal {
    return this.positions.get(symbol)?.qty ?? ZERO;
  }

  /** The account's margin multiplier: 1 (cash account) below $2,000 equity, as Alpaca does. */
  multiplier(equity: Decimal): Decimal {
    if (equity.lt(2000)) return new Decimal(1);
    return new Decimal(this.configurations.max_margin_multiplier);
  }
}
