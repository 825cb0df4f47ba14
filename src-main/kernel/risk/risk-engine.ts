import { Decimal } from 'decimal.js';
import { OCC_SYMBOL, type OrderIntent } from '../../../src-shared/domain/order-intent.js';
import { brokerRuleViolation } from './broker-rules.js';
import { evaluateMultiLeg } from './multi-leg-risk.js';
import { DEFAULT_RISK_LIMITS, type QuoteGuardCheck, type RiskContext, type RiskDenialCode, type RiskLimits, type RiskState, type RiskVerdict } from './risk-types.js';

const ZERO = new Decimal(0);

function deny(code: RiskDenialCode, message: string): RiskVerdict {
  return { ok: false, code, message };
}

/**
 * The pre-trade risk check in front of every order, whatever its source. It is synchronous over a snapshot
 * (account, positions, quote, asset, session) so it adds microseconds, not a round trip. State ACTIVE lets
 * everything through the limits; REDUCING only orders that shrink a position; HALTED nothing.
 */
export class RiskEngine {
  private current: RiskState = 'ACTIVE';
  private reason = '';
  private readonly listeners = new Set<(state: RiskState, reason: string) => void>();
  limits: RiskLimits;
  /** The stale-quote guard, where a SIP NBBO reference is available (absent: the guard is inactive). */
  quoteGuard: QuoteGuardCheck | undefined;

  constructor(limits: Partial<RiskLimits> = {}) {
    this.limits = { ...DEFAULT_RISK_LIMITS, ...limits };
  }

  get state(): RiskState {
    return this.current;
  }

  get stateReason(): string {
    return this.reason;
  }

  setState(state: RiskState, reason: string): void {
    if (state === this.current && reason === this.reason) return;
    this.current = state;
    this.reason = reason;
    for (const listener of this.listeners) listener(state, reason);
  }

  onStateChange(listener: (state: RiskState, reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  evaluate(intent: OrderIntent, ctx: RiskContext): RiskVerdict {
    if (this.current === 'HALTED') return deny('RISK_HALTED', `trading is halted: ${this.reason || 'kill switch or reconciliation difference'}`);
    if (ctx.accountBlocked) return deny('ACCOUNT_BLOCKED', 'the broker account is blocked from trading');
    // What the broker would refuse for the order's shape alone (bracket prices, sub-penny, qty/notional...).
    const brokerRule = brokerRuleViolation(intent);
    if (brokerRule) return deny(brokerRule.code, brokerRule.message);
    if (intent.orderClass === 'mleg') {
      // The package is judged as one order: its net price, contracts, premium and worst loss at expiry.
      const verdict = evaluateMultiLeg(intent, ctx, this.limits, { active: this.current === 'REDUCING', reason: this.reason });
      if (!verdict.ok) return verdict;
      return { ok: true, referencePrice: verdict.figures.reference, estimatedNotional: verdict.figures.maxLoss, reducing: verdict.reducing };
    }
    const symbol = intent.symbol ?? '';
    const side = intent.side ?? 'buy';
    const signedDir = side === 'buy' ? 1 : -1;
    const position = ctx.positions.get(symbol) ?? ZERO;

    const reference = this.referencePrice(intent, ctx);
    if (reference === undefined) return deny('NO_QUOTE', `no recent quote for ${symbol}: the price band cannot be checked`);
    // A single option contract: its price is per share, 100 shares a contract; selling one to open writes it (the
    // broker's options level and coverage rules judge that), it is not a short sale of stock.
    const option = OCC_SYMBOL.test(symbol);
    const qty = intent.qty !== undefined ? new Decimal(intent.qty) : new Decimal(intent.notional ?? '0').div(reference);
    const notional = intent.notional !== undefined ? new Decimal(intent.notional) : qty.times(reference).times(option ? 100 : 1);
    const after = position.plus(qty.times(signedDir));
    // Reducing: against the position and no larger than it (it never flips the position).
    const reducing = !position.isZero() && position.isNegative() === signedDir > 0 && qty.lte(position.abs());

    if (this.current === 'REDUCING' && !reducing) return deny('RISK_REDUCING_ONLY', `only orders that reduce a position are allowed (${this.reason})`);

    // Asset and session rules apply to every order.
    if (!ctx.asset || !ctx.asset.tradable) return deny('NOT_TRADABLE', `${symbol} is not tradable at the broker`);
    if (!qty.isInteger() && !ctx.asset.fractionable) return deny('NOT_FRACTIONABLE', `${symbol} cannot be traded in fractions`);
    if (after.isNegative() && !reducing && !option && (!ctx.asset.shortable || !ctx.shortingEnabled)) {
      return deny('NOT_SHORTABLE', `${symbol} cannot be sold short on this account`);
    }
    const session = this.sessionRule(intent, ctx);
    if (session) return session;
    const stale = this.staleQuoteRule(intent, ctx, symbol, side);
    if (stale) return stale;

    // The price band: a limit far through the quote is a fat finger.
    if (intent.limitPrice !== undefined && ctx.quote) {
      const band = new Decimal(this.limits.priceBand);
      const limit = new Decimal(intent.limitPrice);
      if (side === 'buy' && limit.gt(ctx.quote.ask.times(band.plus(1)))) {
        return deny('PRICE_BAND', `buy limit ${limit.toString()} is more than ${band.times(100).toString()}% above the ask ${ctx.quote.ask.toString()}`);
      }
      if (side === 'sell' && limit.lt(ctx.quote.bid.times(new Decimal(1).minus(band)))) {
        return deny('PRICE_BAND', `sell limit ${limit.toString()} is more than ${band.times(100).toString()}% below the bid ${ctx.quote.bid.toString()}`);
      }
    }

    // An order given in dollars is judged by its dollars first; one given in shares by its shares.
    const overQty = qty.gt(this.limits.maxOrderQty) ? deny('MAX_ORDER_QTY', `order quantity ${qty.toString()} is over the limit ${this.limits.maxOrderQty}`) : undefined;
    const overNotional = notional.gt(this.limits.maxOrderNotional) ? deny('MAX_ORDER_NOTIONAL', `order value $${notional.toFixed(2)} is over the limit $${this.limits.maxOrderNotional}`) : undefined;
    const sizeDenial = intent.notional !== undefined ? (overNotional ?? overQty) : (overQty ?? overNotional);
    if (sizeDenial) return sizeDenial;
    if (reducing) return { ok: true, referencePrice: reference, estimatedNotional: notional, reducing };

    if (after.abs().gt(this.limits.maxPositionQty)) return deny('MAX_POSITION', `the ${symbol} position would be ${after.toString()}, over the limit ${this.limits.maxPositionQty}`);
    // Working orders on this side fill too: the limit holds if every one of them does.
    const working = ctx.working?.get(symbol);
    const sameSide = working ? (side === 'buy' ? working.buy : working.sell) : ZERO;
    const worst = after.plus(sameSide.times(signedDir));
    if (sameSide.gt(0) && worst.abs().gt(this.limits.maxPositionQty)) {
      return deny('MAX_POSITION', `the ${symbol} position would be ${worst.toString()} once the working ${side} orders (${sameSide.toString()}) fill too, over the limit ${this.limits.maxPositionQty}`);
    }
    const gross = this.grossExposure(ctx, symbol, after, reference);
    if (gross.gt(this.limits.maxGrossExposure)) return deny('MAX_GROSS_EXPOSURE', `gross exposure would be $${gross.toFixed(2)}, over the limit $${this.limits.maxGrossExposure}`);
    const dayPl = ctx.equity.minus(ctx.lastEquity);
    if (dayPl.neg().gte(this.limits.dailyLossLimit)) return deny('DAILY_LOSS_LIMIT', `today's loss $${dayPl.neg().toFixed(2)} reached the limit $${this.limits.dailyLossLimit}`);
    if (ctx.peakEquity.gt(0)) {
      const drawdown = ctx.peakEquity.minus(ctx.equity).div(ctx.peakEquity);
      if (drawdown.gte(this.limits.maxDrawdown)) return deny('MAX_DRAWDOWN', `drawdown ${drawdown.times(100).toFixed(2)}% reached the limit ${new Decimal(this.limits.maxDrawdown).times(100).toString()}%`);
    }
    if (notional.gt(ctx.buyingPower)) return deny('BUYING_POWER', `order value $${notional.toFixed(2)} is over the buying power $${ctx.buyingPower.toFixed(2)}`);
    return { ok: true, referencePrice: reference, estimatedNotional: notional, reducing };
  }

  private referencePrice(intent: OrderIntent, ctx: RiskContext): Decimal | undefined {
    if (!ctx.quote || ctx.quote.ask.lte(0) || ctx.quote.bid.lte(0)) return undefined;
    const far = intent.side === 'sell' ? ctx.quote.bid : ctx.quote.ask;
    // A limit order is valued at its limit (the worst it can trade at); a market order at the far side.
    return intent.limitPrice !== undefined ? new Decimal(intent.limitPrice) : far;
  }

  /** A bot's order that would cross a quote the guard marks stale (lagging the NBBO); people at the ticket decide for themselves. */
  private staleQuoteRule(intent: OrderIntent, ctx: RiskContext, symbol: string, side: 'buy' | 'sell'): RiskVerdict | undefined {
    if (!this.quoteGuard || !ctx.source?.startsWith('bot:')) return undefined;
    if (intent.type !== 'market' && intent.type !== 'limit') return undefined;
    const verdict = this.quoteGuard.check({ symbol, side, type: intent.type, ...(intent.limitPrice !== undefined ? { limitPrice: Number(intent.limitPrice) } : {}) });
    return verdict.allow ? undefined : deny(verdict.code, verdict.reason);
  }

  private sessionRule(intent: OrderIntent, ctx: RiskContext): RiskVerdict | undefined {
    if (intent.extendedHours) {
      if (ctx.session === 'closed') return deny('EXTENDED_HOURS_RULES', 'extended-hours orders are accepted only from 4:00 to 20:00 New York time on trading days');
      return undefined;
    }
    if (ctx.session === 'regular') return undefined;
    // Outside regular hours a plain order only queues for the open; immediate-or-cancel kinds cannot work.
    if (intent.timeInForce === 'ioc' || intent.timeInForce === 'fok') {
      return deny('MARKET_CLOSED', `the market is ${ctx.session === 'closed' ? 'closed' : 'in extended hours'}: ${intent.timeInForce} orders need the regular session`);
    }
    return undefined;
  }

  private grossExposure(ctx: RiskContext, symbol: string, after: Decimal, reference: Decimal): Decimal {
    let gross = after.abs().times(reference);
    for (const [other, qty] of ctx.positions) {
      if (other === symbol) continue;
      gross = gross.plus(qty.abs().times(ctx.marks.get(other) ?? ZERO));
    }
    return gross;
  }
}
