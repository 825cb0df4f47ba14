import { z } from 'zod';
import type { EpochMs } from '../../../src-shared/time.js';
import { defineStrategy, type Fill, type OrderUpdate, type Quote, type StrategyContext } from '../../kernel/strategy/types.js';
import { avellanedaStoikov, gridQuotes } from './avellaneda-stoikov.js';
import { EwmaVolatility } from './estimators.js';
import { MicrostructureFeatures, mid } from './features.js';
import { RequestBudget } from './rate-budget.js';
import { NyClose } from './session.js';

const params = z.object({
  gamma: z.number().min(0.001).max(10).default(0.1).describe('risk aversion (per dollar per lot): how far inventory moves the reservation price, and the inventory part of the spread'),
  orderSize: z.number().int().min(1).max(10_000).default(100).describe('shares per quote (one lot: inventory enters the formula in lots)'),
  maxInventory: z.number().int().min(1).max(100_000).default(500).describe('largest position either way, shares: a side whose fill could pass it is quoted smaller or not at all'),
  allowShort: z.boolean().default(true).describe('quote the ask below a flat position (a short inventory); off: sell only what is held (a cash account)'),
  tick: z.number().min(0.0001).max(1).default(0.01).describe('price increment of the quotes'),
  minSpreadTicks: z.number().int().min(1).max(100).default(1).describe('narrowest distance between the own bid and ask, ticks'),
  replaceTicks: z.number().int().min(1).max(100).default(2).describe('a quote is replaced at once when its price should move by at least this many ticks'),
  refreshMs: z.number().int().min(100).max(600_000).default(5_000).describe('a smaller change (one tick, or a new size) waits until the quote is this old'),
  minRequestGapMs: z.number().int().min(0).max(60_000).default(250).describe('fewest milliseconds between two requests for the same side of a symbol'),
  maxRequestsPerMinute: z.number().int().min(5).max(190).default(120).describe('order requests (place, replace, cancel) in any 60 s, all symbols together; Alpaca allows 200'),
  maxBurst: z.number().int().min(1).max(10).default(5).describe('requests that may go at once; beyond them requests are paced at maxRequestsPerMinute / 60 a second (the host\'s bucket holds 10 for all bots)'),
  volHalfLifeSec: z.number().min(5).max(3_600).default(60).describe('half-life of the EWMA of per-second squared log-returns of the mid'),
  intensityHalfLifeSec: z.number().min(5).max(3_600).default(120).describe('half-life of the trade-arrival estimates (rate and k)'),
  warmupSec: z.number().min(0).max(3_600).default(60).describe('seconds of quotes and at least 30 volatility samples before the first quote'),
  adverseSpreads: z.number().min(0.5).max(20).default(2).describe('a fill is adversely selected when the mid moves against it by this many spreads'),
  adverseWindowSec: z.number().min(1).max(300).default(10).describe('...within this many seconds of the fill'),
  adverseCount: z.number().int().min(1).max(50).default(3).describe('this many adverse fills...'),
  adverseLookbackSec: z.number().min(10).max(3_600).default(300).describe('...within this many seconds stop the quoting'),
  coolOffSec: z.number().min(1).max(3_600).default(120).describe('seconds without quotes after an adverse-selection stop'),
  flattenMinutes: z.number().min(1).max(120).default(5).describe('minutes before the 16:00 close when quoting stops and the inventory is closed at market (the horizon T of the formula)'),
});
type Params = z.output<typeof params>;

type SideName = 'bid' | 'ask';

interface Working {
  id: string;
  price: number;
  qty: number;
  filled: number;
  sentAt: EpochMs;
  cancelSent: boolean;
}

interface PendingFill {
  t: EpochMs;
  buy: boolean;
  price: number;
  spread: number;
}

interface SymbolBook {
  features: MicrostructureFeatures;
  /** The mid's volatility with its own half-life (the features' one follows the trade half-life). */
  vol: EwmaVolatility;
  firstQuoteAt: EpochMs;
  bid: Working | undefined;
  ask: Working | undefined;
  lastRequest: Record<SideName, EpochMs>;
  pending: PendingFill[];
  adverse: EpochMs[];
  coolOffUntil: EpochMs;
  flattenId: string | undefined;
  /** After a refused closing order, the next try waits until this time (a refusal must not eat the budget). */
  flattenRetryAt: EpochMs;
}

const SESSION_MS = 6.5 * 3_600_000;
const MIN_VOL_SAMPLES = 30;
/** Requests kept back for cancels and flattening: quoting may not use the last of the budget. */
const RESERVE = 4;
const FLATTEN_RETRY_MS = 10_000;

/** Formats a number for a reason in full precision (the formula test reads the inputs back from it). */
const n = (x: number): string => String(Number(x.toPrecision(12)));

/**
 * Market making after Avellaneda and Stoikov (2008) on top-of-book quotes: one bid and one ask per symbol around
 * the reservation price r = s - q gamma sigma^2 (T - t), total spread gamma sigma^2 (T - t) + (2/gamma) ln(1 + gamma/k)
 * (avellaneda-stoikov.ts). T is the session's end (the time quoting stops, `flattenMinutes` before the 16:00
 * close), not an infinite horizon: an intraday book is flat overnight, so the inventory penalty shrinks toward the
 * close and the remainder is closed at market. sigma^2 is an EWMA of per-second squared log-returns of the mid (times
 * mid^2, for dollars); k comes from trade arrivals (estimators.ts: 1 / mean distance of trades from the mid).
 *
 * Limits: no side is ever quoted larger than would take the position past `maxInventory`; a quote is replaced only
 * when its price should move by `replaceTicks`, or by a tick (or to a new size) once it is `refreshMs` old, never
 * sooner than `minRequestGapMs` after the last request on that side, and every place, replace and cancel is taken
 * from one sliding 60-second budget of `maxRequestsPerMinute` (below Alpaca's 200), paced as a bucket of `maxBurst`
 * (a quote that finds no room is not sent; the next quote decides again on fresh prices), with a few kept back for
 * cancels. Adverse selection: a fill after which the mid moves against it by `adverseSpreads` quoted spreads within
 * `adverseWindowSec` counts; `adverseCount` of those within `adverseLookbackSec` stop the quoting for `coolOffSec`.
 * This is intraday trading on Alpaca's top of book at a rate limit of 200 requests a minute, not HFT.
 */
export const marketMaking = defineStrategy({
  name: 'market-making',
  description: 'Avellaneda-Stoikov quotes around an inventory-skewed reservation price, within an inventory limit and the request-rate budget; stops on adverse selection (top of book, not HFT)',
  family: 'microstructure',
  needs: ['bars', 'quotes', 'trades'],
  params,
  timeframe: '1Min',
  universe: [],
  warmup: () => 1,
  create(p: Params, ctx: StrategyContext) {
    const budget = new RequestBudget(p.maxRequestsPerMinute, 60_000, p.maxBurst);
    const books = new Map<string, SymbolBook>();
    const owners = new Map<string, { symbol: string; side: SideName | 'flatten' }>();
    const close = new NyClose();

    const bookOf = (symbol: string, t: EpochMs): SymbolBook => {
      let b = books.get(symbol);
      if (!b) {
        b = {
          features: new MicrostructureFeatures({ halfLifeMs: p.intensityHalfLifeSec * 1000, tick: p.tick }),
          vol: new EwmaVolatility(p.volHalfLifeSec * 1000),
          firstQuoteAt: t,
          bid: undefined,
          ask: undefined,
          lastRequest: { bid: -Infinity, ask: -Infinity },
          pending: [],
          adverse: [],
          coolOffUntil: -Infinity,
          flattenId: undefined,
          flattenRetryAt: -Infinity,
        };
        books.set(symbol, b);
      }
      return b;
    };

    const cancelSide = (symbol: string, b: SymbolBook, side: SideName, now: EpochMs, why: string): void => {
      const w = b[side];
      if (!w || w.cancelSent) return;
      if (!budget.take(now)) return;
      w.cancelSent = true;
      b.lastRequest[side] = now;
      ctx.log.info(`market-making: cancel ${symbol} ${side} ${w.price}: ${why}`);
      ctx.cancel(w.id);
    };

    const flatten = (symbol: string, b: SymbolBook, now: EpochMs): void => {
      cancelSide(symbol, b, 'bid', now, 'quoting stops before the close');
      cancelSide(symbol, b, 'ask', now, 'quoting stops before the close');
      const held = ctx.portfolio.position(symbol);
      if (held === 0 || b.flattenId !== undefined || b.bid || b.ask || now < b.flattenRetryAt) return;
      if (!budget.take(now)) return;
      const id = ctx.submit(ctx.orders.market(symbol, held > 0 ? 'sell' : 'buy', Math.abs(held)), `market-making: close the inventory of ${held} ${symbol} before the session ends`);
      if (isFinal(id)) {
        b.flattenRetryAt = now + FLATTEN_RETRY_MS;
        ctx.log.warn(`market-making: closing the ${symbol} inventory was refused; trying again in ${FLATTEN_RETRY_MS / 1000} s`);
        return;
      }
      b.flattenId = id;
      owners.set(id, { symbol, side: 'flatten' });
    };

    // Orders that reached a final state inside submit (a backtest rejects synchronously) before their owner was known.
    const finals = new Set<string>();
    const isFinal = (id: string): boolean => finals.delete(id);

    const place = (symbol: string, b: SymbolBook, side: SideName, price: number, qty: number, now: EpochMs, why: (side: SideName) => string): void => {
      const w = b[side];
      if (qty <= 0) {
        if (w) cancelSide(symbol, b, side, now, `a ${side} fill would take the position past the inventory limit of ${p.maxInventory}`);
        return;
      }
      if (!(price >= p.tick)) {
        // A spread wider than the price (a volatility estimate blown up by a jump) leaves no bid to make.
        if (w) cancelSide(symbol, b, side, now, `the formula puts the ${side} at ${price.toFixed(4)}, not a price`);
        return;
      }
      if (w?.cancelSent) return;
      if (now - b.lastRequest[side] < p.minRequestGapMs) return;
      if (w) {
        const ticks = Math.round(Math.abs(price - w.price) / p.tick);
        const due = ticks >= p.replaceTicks || ((ticks >= 1 || qty !== w.qty - w.filled) && now - w.sentAt >= p.refreshMs);
        if (!due || !budget.take(now, RESERVE)) return;
        b.lastRequest[side] = now;
        let id: string;
        try {
          id = ctx.replace(w.id, { limitPrice: String(price), qty: String(qty) });
        } catch {
          // It filled or was canceled since: the update that says so clears the side.
          return;
        }
        owners.delete(w.id);
        if (isFinal(id)) {
          b[side] = undefined;
          return;
        }
        b[side] = { id, price, qty, filled: 0, sentAt: now, cancelSent: false };
        owners.set(id, { symbol, side });
        return;
      }
      if (!budget.take(now, RESERVE)) return;
      b.lastRequest[side] = now;
      const id = ctx.submit(ctx.orders.limit(symbol, side === 'bid' ? 'buy' : 'sell', qty, price), why(side));
      if (isFinal(id)) return;
      b[side] = { id, price, qty, filled: 0, sentAt: now, cancelSent: false };
      owners.set(id, { symbol, side });
    };

    /** Counts the fills the mid has since moved against; true when the quoting must stop. */
    const adverseStop = (b: SymbolBook, m: number, now: EpochMs): boolean => {
      const windowMs = p.adverseWindowSec * 1000;
      b.pending = b.pending.filter((f) => {
        if (now - f.t > windowMs) return false;
        const against = f.buy ? f.price - m : m - f.price;
        if (against > p.adverseSpreads * f.spread) {
          b.adverse.push(now);
          return false;
        }
        return true;
      });
      const since = now - p.adverseLookbackSec * 1000;
      while (b.adverse.length > 0 && b.adverse[0]! <= since) b.adverse.shift();
      return b.adverse.length >= p.adverseCount;
    };

    return {
      onQuote(symbol: string, q: Readonly<Quote>) {
        const now = q.t;
        const b = bookOf(symbol, now);
        b.features.onQuote(q);
        if (!(q.bid > 0 && q.ask > q.bid)) return;
        const vol = b.vol;
        const m = mid(q);
        vol.update(now, m);

        if (adverseStop(b, m, now)) {
          b.coolOffUntil = now + p.coolOffSec * 1000;
          b.adverse = [];
          ctx.log.warn(`market-making: ${symbol}: ${p.adverseCount} fills adversely selected (the mid moved ${p.adverseSpreads} spreads against each within ${p.adverseWindowSec} s); quoting stops for ${p.coolOffSec} s`);
        }
        const closeAt = close.of(now);
        const stopAt = closeAt - p.flattenMinutes * 60_000;
        if (now < closeAt - SESSION_MS || now >= closeAt) {
          cancelSide(symbol, b, 'bid', now, 'outside the regular session');
          cancelSide(symbol, b, 'ask', now, 'outside the regular session');
          return;
        }
        if (now >= stopAt) {
          flatten(symbol, b, now);
          return;
        }
        if (now < b.coolOffUntil) {
          cancelSide(symbol, b, 'bid', now, 'adverse-selection cool-off');
          cancelSide(symbol, b, 'ask', now, 'adverse-selection cool-off');
          return;
        }
        const k = b.features.arrivals.k;
        if (now - b.firstQuoteAt < p.warmupSec * 1000 || vol.samples < MIN_VOL_SAMPLES || !(k > 0)) return;

        const held = ctx.portfolio.position(symbol);
        const inventory = held / p.orderSize;
        const sigma2 = vol.variancePerSecond * m * m;
        const timeLeft = (stopAt - now) / 1000;
        const as = avellanedaStoikov({ mid: m, inventory, gamma: p.gamma, sigma2, timeLeft, k });
        const grid = gridQuotes(as, p.tick, p.minSpreadTicks, q);
        // Written only for an order that is sent (most quotes change nothing): the inputs in full, so the formula can be
        // checked against every quote placed.
        const why = (side: SideName): string =>
          `market-making: ${side} ${side === 'bid' ? grid.bid : grid.ask} around reservation ${as.reservation.toFixed(4)} (mid ${m.toFixed(4)}, inventory ${held}), spread ${as.spread.toFixed(4)} ` +
          `[mid=${n(m)} q=${n(inventory)} gamma=${p.gamma} sigma2=${n(sigma2)} timeLeft=${n(timeLeft)} k=${n(k)} tick=${p.tick} minTicks=${p.minSpreadTicks} marketBid=${q.bid} marketAsk=${q.ask}]`;
        // Alpaca refuses an order that takes a position through zero (INSUFFICIENT_QTY): the side that reduces a
        // position quotes at most what is held; the other side opens once the position is flat.
        const bidQty = held < 0 ? Math.min(p.orderSize, -held) : Math.min(p.orderSize, p.maxInventory - held);
        const askQty = held > 0 ? Math.min(p.orderSize, held) : Math.min(p.orderSize, (p.allowShort ? p.maxInventory : 0) + held);
        place(symbol, b, 'bid', grid.bid, bidQty, now, why);
        place(symbol, b, 'ask', grid.ask, askQty, now, why);
      },
      onTrade(symbol, trade) {
        bookOf(symbol, trade.t).features.onTrade(trade);
      },
      onFill(fill: Readonly<Fill>) {
        const b = books.get(fill.symbol);
        const q = b?.features.quote;
        const owner = owners.get(fill.orderId);
        // Only the quotes' fills: closing the inventory at market is not a bet on the next move.
        if (!b || !q || !owner || owner.side === 'flatten') return;
        b.pending.push({ t: fill.t, buy: fill.side === 'buy', price: fill.price, spread: Math.max(p.tick, q.ask - q.bid) });
      },
      onOrderUpdate(u: Readonly<OrderUpdate>) {
        const owner = owners.get(u.id);
        const final = u.state === 'filled' || u.state === 'canceled' || u.state === 'expired' || u.state === 'rejected';
        if (!owner) {
          if (final) finals.add(u.id);
          return;
        }
        const b = books.get(owner.symbol)!;
        if (owner.side === 'flatten') {
          if (final) {
            b.flattenId = undefined;
            owners.delete(u.id);
            if (u.state === 'rejected') {
              b.flattenRetryAt = u.t + FLATTEN_RETRY_MS;
              ctx.log.warn(`market-making: closing the ${owner.symbol} inventory was refused: ${u.reason ?? 'no reason given'}; trying again in ${FLATTEN_RETRY_MS / 1000} s`);
            }
          }
          return;
        }
        const w = b[owner.side];
        if (!w || w.id !== u.id) return;
        if (u.state === 'partially_filled') w.filled = u.filledQty;
        if (final) {
          b[owner.side] = undefined;
          owners.delete(u.id);
          if (u.state === 'rejected') ctx.log.warn(`market-making: ${owner.symbol} ${owner.side} refused: ${u.reason ?? 'no reason given'}`);
        }
      },
    };
  },
});
