import type { EpochMs } from '../../../src-shared/time.js';
import { optionsBuyingPower } from './options-buying-power.js';
import type { Account } from './account.js';
import { decOrNull, decStr, ZERO, type Decimal } from './decimal.js';
import type { Order, Position } from './model.js';
import { rfc3339, rfc3339OrNull } from './time-format.js';
import type { AccountFigures, Valuer } from './valuation.js';

/** The broker's records in Alpaca's wire shapes (trading/*.json): snake_case, decimal strings, RFC-3339 times. */
export type OrderJson = Record<string, unknown>;

export function orderJson(order: Order, legs?: Order[]): OrderJson {
  const avg = order.filledQty.isZero() ? null : order.filledCost.div(order.filledQty).toDecimalPlaces(9);
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    created_at: rfc3339(order.createdAt),
    updated_at: rfc3339(order.updatedAt),
    submitted_at: rfc3339(order.submittedAt),
    filled_at: rfc3339OrNull(order.filledAt),
    expired_at: rfc3339OrNull(order.expiredAt),
    canceled_at: rfc3339OrNull(order.canceledAt),
    failed_at: rfc3339OrNull(order.failedAt),
    replaced_at: rfc3339OrNull(order.replacedAt),
    replaced_by: order.replacedBy,
    replaces: order.replaces,
    asset_id: order.assetId,
    symbol: order.symbol,
    asset_class: order.assetClass,
    notional: decOrNull(order.notional),
    qty: decOrNull(order.qty),
    filled_qty: decStr(order.filledQty),
    filled_avg_price: decOrNull(avg),
    order_class: order.orderClass === 'simple' ? '' : order.orderClass,
    order_type: order.type,
    type: order.type,
    side: order.side,
    position_intent: order.positionIntent,
    time_in_force: order.timeInForce,
    limit_price: decOrNull(order.limitPrice),
    stop_price: decOrNull(order.stopPrice),
    status: order.status,
    extended_hours: order.extendedHours,
    legs: legs && legs.length > 0 ? legs.map((leg) => orderJson(leg)) : null,
    trail_percent: decOrNull(order.trailPercent),
    trail_price: decOrNull(order.trailPrice),
    hwm: decOrNull(order.hwm),
    ...(order.ratioQty ? { ratio_qty: decStr(order.ratioQty) } : {}),
    subtag: null,
    source: null,
  };
}

function ratio(numerator: Decimal, denominator: Decimal): string {
  return denominator.isZero() ? '0' : decStr(numerator.div(denominator).toDecimalPlaces(6));
}

export function positionJson(position: Position, valuer: Valuer, heldForOrders: Decimal, now: EpochMs): Record<string, unknown> {
  const current = valuer.price(position);
  const lastday = valuer.lastdayPrice(position, now);
  const marketValue = position.qty.times(current).times(position.multiplier);
  const costBasis = position.costBasis.times(position.multiplier);
  const unrealized = marketValue.minus(costBasis);
  const intraday = position.qty.times(current.minus(lastday)).times(position.multiplier);
  const avgEntry = position.qty.isZero() ? ZERO : position.costBasis.div(position.qty).abs().toDecimalPlaces(9);
  const money = {
    avg_entry_price: decStr(avgEntry),
    market_value: decStr(marketValue),
    cost_basis: decStr(costBasis),
    unrealized_pl: decStr(unrealized),
    unrealized_plpc: ratio(unrealized, costBasis.abs()),
    unrealized_intraday_pl: decStr(intraday),
    unrealized_intraday_plpc: ratio(intraday, position.qty.times(lastday).times(position.multiplier).abs()),
    current_price: decStr(current),
    lastday_price: decStr(lastday),
    change_today: ratio(current.minus(lastday), lastday),
  };
  const available = position.qty.isNegative() ? position.qty.plus(heldForOrders) : position.qty.minus(heldForOrders);
  return {
    asset_id: position.assetId,
    symbol: position.symbol,
    exchange: position.exchange,
    asset_class: position.assetClass,
    asset_marginable: position.assetClass === 'us_equity',
    avg_entry_price: money.avg_entry_price,
    qty: decStr(position.qty),
    side: position.qty.isNegative() ? 'short' : 'long',
    market_value: money.market_value,
    cost_basis: money.cost_basis,
    unrealized_pl: money.unrealized_pl,
    unrealized_plpc: money.unrealized_plpc,
    unrealized_intraday_pl: money.unrealized_intraday_pl,
    unrealized_intraday_plpc: money.unrealized_intraday_plpc,
    current_price: money.current_price,
    lastday_price: money.lastday_price,
    change_today: money.change_today,
    qty_available: decStr(available),
    usd: money,
  };
}

export function accountJson(account: Account, figures: AccountFigures): Record<string, unknown> {
  const dtbp = figures.multiplier.gte(4) ? figures.buyingPower : figures.regtBuyingPower;
  return {
    account_blocked: false,
    accrued_fees: '0',
    account_number: account.accountNumber,
    buying_power: decStr(figures.buyingPower),
    cash: decStr(account.cash),
    created_at: rfc3339(account.createdAt),
    currency: 'USD',
    daytrade_count: 0,
    daytrading_buying_power: decStr(dtbp),
    equity: decStr(figures.equity),
    id: account.id,
    initial_margin: decStr(figures.initialMargin),
    last_equity: decStr(account.lastEquity),
    last_maintenance_margin: decStr(figures.maintenanceMargin),
    non_marginable_buying_power: decStr(figures.nonMarginableBuyingPower),
    long_market_value: decStr(figures.longValue),
    maintenance_margin: decStr(figures.maintenanceMargin),
    multiplier: decStr(figures.multiplier),
    pattern_day_trader: false,
    portfolio_value: decStr(figures.equity),
    regt_buying_power: decStr(figures.regtBuyingPower),
    short_market_value: decStr(figures.shortValue),
    shorting_enabled: !account.configurations.no_shorting && figures.multiplier.gt(1),
    sma: '0',
    status: 'ACTIVE',
    trade_suspended_by_user: account.configurations.suspend_trade,
    trading_blocked: false,
    transfers_blocked: false,
    options_buying_power: decStr(optionsBuyingPower(account, figures.nonMarginableBuyingPower)),
    options_approved_level: String(account.configurations.max_options_trading_level),
    options_trading_level: String(account.configurations.max_options_trading_level),
  };
}
