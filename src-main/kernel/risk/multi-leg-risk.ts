import { Decimal } from 'decimal.js';
import { OCC_SYMBOL, type OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { RiskContext, RiskLimits, RiskQuote, RiskVerdict } from './risk-types.js';

const ZERO = new Decimal(0);
/** Shares per contract: every listed equity option Alpaca trades. */
const MULTIPLIER = 100;

interface PricedLeg {
  symbol: string;
  right: 'C' | 'P';
  strike: Decimal;
  /** Signed contracts per spread: positive bought, negative sold. */
  units: Decimal;
  quote: RiskQuote;
}

/** What the risk engine reads of a multi-leg order beyond its verdict: the preview shows these. */
export interface MultiLegFigures {
  /** Net price per spread at the legs' far sides (buys at the ask, sells at the bid): negative is a credit. */
  natural: Decimal;
  /** The price it is judged at: the net limit, or the natural price for a market order. */
  reference: Decimal;
  /** The worst loss at expiry of the whole order (all spreads), dollars: what it takes of buying power. */
  maxLoss: Decimal;
}

export type MultiLegVerdict = (RiskVerdict & { ok: false }) | { ok: true; reducing: boolean; figures: MultiLegFigures };

const deny = (code: (RiskVerdict & { ok: false })['code'], message: string): MultiLegVerdict => ({ ok: false, code, message });

/**
 * Payoff at expiry per spread (in price per share) at underlying price `s`, for the legs alone (no premium).
 * Piecewise linear with kinks at the strikes, so its extremes are at a strike, at zero, or off to infinity.
 */
function payoffAt(legs: readonly PricedLeg[], s: Decimal): Decimal {
  let total = ZERO;
  for (const leg of legs) {
    const intrinsic = leg.right === 'C' ? Decimal.max(ZERO, s.minus(leg.strike)) : Decimal.max(ZERO, leg.strike.minus(s));
    total = total.plus(intrinsic.times(leg.units));
  }
  return total;
}

/**
 * The worst loss per spread at expiry when it is opened at `net` per spread (negative: a credit), in price per
 * share, or undefined when it is unbounded (more calls sold than bought: the loss grows with the underlying).
 * Every expiry is treated as the first one's: a calendar's far leg is valued at its intrinsic value, which
 * overstates its loss, never understates it.
 */
export function maxLossPerSpread(legs: readonly PricedLeg[], net: Decimal): Decimal | undefined {
  const callUnits = legs.reduce((sum, l) => (l.right === 'C' ? sum.plus(l.units) : sum), ZERO);
  if (callUnits.isNegative()) return undefined;
  let worst = payoffAt(legs, ZERO);
  for (const leg of legs) worst = Decimal.min(worst, payoffAt(legs, leg.strike));
  return Decimal.max(ZERO, net.minus(worst));
}

/** The legs with their strikes and quotes, or a denial naming the leg that has none. */
function priceLegs(intent: OrderIntent, quotes: ReadonlyMap<string, RiskQuote>): PricedLeg[] | MultiLegVerdict {
  const legs: PricedLeg[] = [];
  for (const leg of intent.legs ?? []) {
    const occ = OCC_SYMBOL.exec(leg.symbol);
    if (!occ) return deny('ORDER_CLASS_RULES', `leg ${leg.symbol} is not an option contract: a multi-leg order takes option legs only`);
    const quote = quotes.get(leg.symbol);
    if (!quote || quote.bid.lt(0) || quote.ask.lte(0)) return deny('NO_QUOTE', `no recent quote for the leg ${leg.symbol}: the package's price cannot be checked`);
    const units = new Decimal(leg.ratioQty).times(leg.side === 'buy' ? 1 : -1);
    legs.push({ symbol: leg.symbol, right: occ[3] as 'C' | 'P', strike: new Decimal(occ[4]!).div(1000), units, quote });
  }
  return legs;
}

/**
 * The risk check of a multi-leg option order (Alpaca's `mleg`): the package is judged as one order. Its price is
 * the net of the legs (a credit negative); its size is contracts (spreads x ratios) and the premium; what it takes
 * of buying power is its worst loss at expiry. Uncovered short calls (unbounded loss) are refused, as Alpaca's
 * option levels do. In REDUCING only a package whose every leg closes part of a position passes.
 */
export function evaluateMultiLeg(intent: OrderIntent, ctx: RiskContext, limits: RiskLimits, reducingOnly: { active: boolean; reason: string }): MultiLegVerdict {
  const priced = priceLegs(intent, ctx.legQuotes ?? new Map());
  if (!Array.isArray(priced)) return priced;
  const spreads = new Decimal(intent.qty ?? '0');
  const natural = priced.reduce((sum, l) => sum.plus(l.units.times(l.units.isPositive() ? l.quote.ask : l.quote.bid)), ZERO);
  const reference = intent.limitPrice !== undefined ? new Decimal(intent.limitPrice) : natural;

  const reducing = priced.every((l) => {
    const held = ctx.positions.get(l.symbol) ?? ZERO;
    const change = l.units.times(spreads);
    return !held.isZero() && held.isNegative() === change.isPositive() && change.abs().lte(held.abs());
  });
  if (reducingOnly.active && !reducing) return deny('RISK_REDUCING_ONLY', `only orders that reduce a position are allowed (${reducingOnly.reason}); every leg of this package must close part of a position`);

  if (ctx.session !== 'regular' && (intent.timeInForce === 'ioc' || intent.timeInForce === 'fok')) {
    return deny('MARKET_CLOSED', 'options trade in the regular session only: this order would not work now');
  }

  // A fat finger: paying more than the package's far-side price by more than the band, measured on the premium
  // the legs trade for (the net alone can be near zero, where a percentage means nothing).
  if (intent.limitPrice !== undefined) {
    const gross = priced.reduce((sum, l) => sum.plus(l.units.abs().times(l.quote.ask)), ZERO);
    const band = gross.times(limits.priceBand);
    if (reference.gt(natural.plus(band))) {
      const word = (d: Decimal) => (d.isNegative() ? `a credit of ${d.neg().toFixed(2)}` : `a debit of ${d.toFixed(2)}`);
      return deny('PRICE_BAND', `net limit ${reference.toFixed(2)} (${word(reference)}) is worse than the legs' own prices (${word(natural)}) by more than ${new Decimal(limits.priceBand).times(100).toString()}% of their premium: check the sign (a credit is negative)`);
    }
  }

  const contracts = priced.reduce((sum, l) => sum.plus(l.units.abs()), ZERO).times(spreads);
  if (contracts.gt(limits.maxOrderQty)) return deny('MAX_ORDER_QTY', `order of ${contracts.toString()} contracts is over the limit ${limits.maxOrderQty}`);
  const premium = reference.abs().times(spreads).times(MULTIPLIER);
  if (premium.gt(limits.maxOrderNotional)) return deny('MAX_ORDER_NOTIONAL', `order premium $${premium.toFixed(2)} is over the limit $${limits.maxOrderNotional}`);

  const perSpread = maxLossPerSpread(priced, reference);
  if (perSpread === undefined) {
    return deny('UNCOVERED_OPTION', 'this package sells more calls than it buys: its loss has no bound, and Alpaca takes no uncovered calls. Buy a higher call for each one sold (or, holding the shares, sell the call alone from the ticket)');
  }
  const maxLoss = perSpread.times(spreads).times(MULTIPLIER);
  const figures = { natural, reference, maxLoss };
  if (reducing) return { ok: true, reducing, figures };

  const dayPl = ctx.equity.minus(ctx.lastEquity);
  if (dayPl.neg().gte(limits.dailyLossLimit)) return deny('DAILY_LOSS_LIMIT', `today's loss $${dayPl.neg().toFixed(2)} reached the limit $${limits.dailyLossLimit}`);
  if (ctx.peakEquity.gt(0)) {
    const drawdown = ctx.peakEquity.minus(ctx.equity).div(ctx.peakEquity);
    if (drawdown.gte(limits.maxDrawdown)) return deny('MAX_DRAWDOWN', `drawdown ${drawdown.times(100).toFixed(2)}% reached the limit ${new Decimal(limits.maxDrawdown).times(100).toString()}%`);
  }
  if (maxLoss.gt(ctx.buyingPower)) return deny('BUYING_POWER', `the package's worst loss at expiry, $${maxLoss.toFixed(2)}, is over the buying power $${ctx.buyingPower.toFixed(2)}`);
  return { ok: true, reducing, figures };
}
