import { Decimal } from 'decimal.js';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { OrderIntent, OrderSide } from '../../../src-shared/domain/order-intent.js';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { ChainResponse } from '../../../src-shared/ipc/options-schemas.js';
import type { EpochMs } from '../../../src-shared/time.js';
import { nyDate } from '../../exchange/market/ny-time.js';
import type { OrderLog } from '../../kernel/orders/order-events.js';
import type { ChainContract, OptionChainView, OptionLeg, OptionPosition, OptionStrategyContext, OptionStrategyDefinition, OptionStrategyHandlers } from '../../kernel/strategy/options.js';
import { RowsChainView } from '../../options/chain-view.js';
import type { BotOrderResult } from '../bot-execution.js';
import { occParts, OCC_SYMBOL_PATTERN } from './occ.js';
import { MULTIPLIER, type OptionLedger, type OptionSettlement } from './option-ledger.js';

/** The order path an OptionsBot uses: the order manager (risk engine, journal, venue) under the bot's source. */
export interface OptionBotOrders {
  submit(intent: OrderIntent, source: string): Promise<BotOrderResult>;
  /** The journal's row of an order (its status moves with the broker's updates). */
  order(clientOrderId: string): OrderRecord | undefined;
  /** Every journal row (the bot's structures are rebuilt from its own). */
  orders(): readonly OrderRecord[];
}

export interface OptionBotOptions {
  id: string;
  definition: OptionStrategyDefinition;
  /** Already parsed with the definition's schema. */
  params: unknown;
  underlying: string;
  ledger: OptionLedger;
  orders: OptionBotOrders;
  /** The underlying's chain now, as the options service builds it (IV and greeks solved where missing). */
  chain: () => Promise<ChainResponse>;
  /** The underlying's completed daily bars, oldest first, at most `count`. */
  dailyBars: (count: number) => Promise<Bar[]>;
  /** Recorded daily 30-day ATM IVs before today, oldest first (IV rank); none: rank unknown. */
  ivHistory?: () => Promise<number[]>;
  log: OrderLog;
  /** How long one order may take to reach a final state before the decision moves on (default 20 s). */
  settleMs?: number;
}

/** One thing a decision did: an order sent (and how it ended) or refused, or why nothing was decided. */
export interface OptionBotAction {
  kind: 'open' | 'close' | 'shares' | 'skip';
  reason: string;
  clientOrderId?: string;
  status?: string;
  refused?: string;
}

interface Structure {
  id: string;
  tag: string;
  legs: OptionLeg[];
  units: number;
  openPrice: number;
  openedAt: EpochMs;
}

type Pending = { kind: 'open'; tag: string; legs: readonly OptionLeg[]; units: number; reason: string; id: string } | { kind: 'close'; id: string; reason: string } | { kind: 'shares'; qty: number; reason: string };

const FINAL = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced', 'done_for_day']);

/**
 * Hosts an OptionsBot strategy live (the same OptionStrategyDefinition the option backtest runs): once per session
 * `decide` reads the underlying's chain from the options service and its daily bars from market data, and calls the
 * strategy with a chain view and the bot's own portfolio (its option ledger: structures it opened, at 100 shares a
 * contract). What the strategy asks for is sent in order, each awaited to a final state: structures as one `mleg`
 * order (a single leg as a simple option order), closing with the legs reversed, shares as market orders, every one
 * through the order manager and its risk engine under `bot:<id>` with the ledger's capital check. Inside one decision
 * the strategy sees its own requests at once (as in the backtest), so a covered call's shares and call go together.
 */
export class OptionBot {
  readonly source: string;
  private readonly handlers: OptionStrategyHandlers;
  private readonly tags = new Map<string, string>();
  private view: OptionChainView | undefined;
  private closes: number[] = [];
  private now: EpochMs = 0;
  private structures: Structure[] = [];
  private pending: Pending[] = [];
  private provisionalShares = 0;
  private seq = 0;
  private busy = false;
  private stopped = false;
  private settling: Promise<OptionSettlement[]> | undefined;

  constructor(private readonly o: OptionBotOptions) {
    this.source = `bot:${o.id}`;
    this.handlers = o.definition.create(o.params as never, this.context());
  }

  /** Sessions of daily history the strategy needs before its first decision. */
  get warmup(): number {
    return this.o.definition.warmup(this.o.params as never);
  }

  /** One session's decision; returns what it did. Refuses to overlap a decision still running. */
  async decide(): Promise<OptionBotAction[]> {
    if (this.busy) return [{ kind: 'skip', reason: 'the previous decision is still running' }];
    this.busy = true;
    try {
      return await this.decideNow();
    } finally {
      this.busy = false;
    }
  }

  private async decideNow(): Promise<OptionBotAction[]> {
    const chain = await this.o.chain();
    if (chain.spot === null) return [{ kind: 'skip', reason: `no price for ${this.o.underlying}` }];
    const date = nyDate(chain.asOf);
    await this.settleExpired(date);
    const bars = (await this.o.dailyBars(this.warmup + 5)).filter((b) => nyDate(b.t + 12 * 3_600_000) < date);
    this.closes = [...bars.map((b) => b.c), chain.spot];
    if (this.closes.length <= this.warmup) return [{ kind: 'skip', reason: `warming up: ${this.closes.length} of ${this.warmup + 1} sessions` }];
    const history = this.o.ivHistory ? await this.o.ivHistory() : [];
    const view = new RowsChainView(chain.rows, chain.spot, date, history);
    this.view = view;
    this.now = chain.asOf;
    this.o.ledger.mark(this.o.underlying, chain.spot);
    for (const c of view.contracts()) this.o.ledger.mark(c.symbol, c.mid, { bid: c.bid, ask: c.ask });
    this.structures = this.rebuildStructures(date);
    this.pending = [];
    this.provisionalShares = this.o.ledger.qty(this.o.underlying).toNumber();
    const bar: Bar = { t: chain.asOf, o: chain.spot, h: chain.spot, l: chain.spot, c: chain.spot, v: 0 };
    this.handlers.onBar(bar);
    const actions: OptionBotAction[] = [];
    for (const p of this.pending.splice(0)) {
      // A bot stopped while its decision runs sends nothing more (the rest of a covered call after its shares, say).
      if (this.stopped) {
        actions.push({ kind: p.kind, reason: p.reason, refused: 'the bot was stopped during its decision' });
        continue;
      }
      actions.push(await this.execute(p));
    }
    return actions;
  }

  /**
   * Books in its ledger the exercise, assignment or expiry of the options it holds past their expiry day, from the
   * underlying's daily closes (the broker's activities for them name no order, so no fill of the bot's shows them).
   * One settlement at a time; returns what was booked.
   */
  settleExpired(today: string): Promise<OptionSettlement[]> {
    const oldest = this.o.ledger.oldestUnsettled(today);
    if (oldest === undefined) return Promise.resolve([]);
    this.settling ??= (async () => {
      try {
        // calendar days since the oldest expiry bound the trading days to read
        const days = Math.ceil((Date.parse(today) - Date.parse(oldest)) / 86_400_000) + 5;
        const closes = new Map((await this.o.dailyBars(days)).map((b) => [nyDate(b.t + 12 * 3_600_000), b.c]));
        const booked = this.o.ledger.settleExpired(today, (d) => closes.get(d));
        for (const s of booked) {
          const what = s.kind === 'expiry' ? 'expired worthless' : `${s.kind === 'exercise' ? 'exercised' : 'assigned'}: ${s.shares} shares at ${s.price}`;
          this.o.log.info('bots', `${this.source}: ${s.contracts} ${s.symbol} ${what} (close ${s.underlyingClose} on ${s.date})`);
        }
        return booked;
      } finally {
        this.settling = undefined;
      }
    })();
    return this.settling;
  }

  /** No order leaves after this, including those of a decision already running. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * The bot's open structures from the journal: each filled opening order of its own (legs sent to open) is one,
   * until a filled order with the same legs closes it. Legs past their expiry are settled by the broker (exercise,
   * assignment or expiry), so a structure with an expired leg is no longer open.
   */
  private rebuildStructures(today: string): Structure[] {
    const open: Structure[] = [];
    const mine = this.o.orders.orders().filter((r) => r.source === this.source && r.parentClientOrderId === null && r.status === 'filled').sort((a, b) => a.createdAt - b.createdAt);
    const children = new Map<string, OrderRecord[]>();
    for (const r of this.o.orders.orders()) {
      if (r.source !== this.source || r.parentClientOrderId === null) continue;
      const list = children.get(r.parentClientOrderId) ?? [];
      list.push(r);
      children.set(r.parentClientOrderId, list);
    }
    for (const r of mine) {
      const legs = legsOf(r.intent);
      if (legs.length === 0) continue;
      const units = Number(r.intent.qty ?? '0');
      const intents = r.intent.orderClass === 'mleg' ? (r.intent.legs ?? []).map((l) => l.positionIntent) : [r.intent.positionIntent];
      const key = legs.map((l) => l.symbol).sort().join(',');
      if (intents.some((i) => i?.endsWith('_to_close'))) {
        const at = open.findIndex((s) => s.legs.map((l) => l.symbol).sort().join(',') === key);
        if (at >= 0) open.splice(at, 1);
        continue;
      }
      // The net price per unit from the legs' own fills (debit positive, credit negative).
      const priceOf = (symbol: string): number => {
        if (r.intent.orderClass !== 'mleg') return Number(r.filledAvgPrice ?? '0');
        const child = children.get(r.clientOrderId)?.find((c) => c.intent.symbol === symbol);
        return Number(child?.filledAvgPrice ?? '0');
      };
      const openPrice = legs.reduce((sum, l) => sum + (l.side === 'buy' ? 1 : -1) * priceOf(l.symbol) * l.ratio, 0);
      open.push({ id: r.clientOrderId, tag: this.tags.get(r.clientOrderId) ?? 'restored', legs, units, openPrice, openedAt: r.createdAt });
    }
    return open.filter((s) => s.legs.every((l) => (occParts(l.symbol)?.expiration ?? '') >= today));
  }

  private context(): OptionStrategyContext {
    const bot = this;
    const chain = (): OptionChainView => {
      if (!bot.view) throw new Error('the chain is read inside a decision only');
      return bot.view;
    };
    const midOf = (symbol: string): number => {
      const c: ChainContract | undefined = chain().contract(symbol);
      if (c) return c.mid;
      const parts = occParts(symbol);
      const spot = chain().spot;
      return parts ? Math.max(0, parts.right === 'C' ? spot - parts.strike.toNumber() : parts.strike.toNumber() - spot) : 0;
    };
    const positionView = (s: { id: string; tag: string; legs: readonly OptionLeg[]; units: number; openPrice: number; openedAt: EpochMs }): OptionPosition => ({
      id: s.id,
      tag: s.tag,
      legs: s.legs,
      units: s.units,
      openPrice: s.openPrice,
      openedAt: s.openedAt,
      value: () => s.legs.reduce((v, l) => v + (l.side === 'buy' ? 1 : -1) * midOf(l.symbol) * l.ratio, 0),
      delta: () => s.legs.reduce((d, l) => d + (chain().contract(l.symbol)?.delta ?? 0) * (l.side === 'buy' ? 1 : -1) * l.ratio * s.units * MULTIPLIER, 0),
    });
    const closing = (id: string) => bot.pending.some((p) => p.kind === 'close' && p.id === id);
    const positions = (): OptionPosition[] => [
      ...bot.structures.filter((s) => !closing(s.id)).map(positionView),
      ...bot.pending.flatMap((p) => (p.kind === 'open' && !closing(p.id) ? [positionView({ id: p.id, tag: p.tag, legs: p.legs, units: p.units, openPrice: p.legs.reduce((v, l) => v + (l.side === 'buy' ? 1 : -1) * midOf(l.symbol) * l.ratio, 0), openedAt: bot.now })] : [])),
    ];
    return {
      underlying: this.o.underlying,
      clock: { now: () => bot.now },
      log: { info: (m, f) => bot.o.log.info('bots', `${bot.source}: ${m}`, f), warn: (m, f) => bot.o.log.warn('bots', `${bot.source}: ${m}`, f) },
      portfolio: {
        cash: () => bot.o.ledger.cash().toNumber(),
        equity: () => bot.o.ledger.equity().toNumber(),
        shares: () => bot.provisionalShares,
        positions,
      },
      chain,
      closes: (count) => bot.closes.slice(-count),
      open: (tag, legs, units, reason) => {
        if (!(units >= 1) || legs.length === 0 || legs.length > 4) return undefined;
        const id = `pending-${++bot.seq}`;
        bot.pending.push({ kind: 'open', tag, legs: [...legs], units: Math.floor(units), reason, id });
        return id;
      },
      close: (id, reason) => {
        if (!closing(id)) bot.pending.push({ kind: 'close', id, reason });
      },
      trade: (shares, reason) => {
        const qty = Math.trunc(shares);
        if (qty === 0) return;
        bot.pending.push({ kind: 'shares', qty, reason });
        bot.provisionalShares += qty;
      },
    };
  }

  private async execute(p: Pending): Promise<OptionBotAction> {
    if (p.kind === 'shares') {
      const intent: OrderIntent = { symbol: this.o.underlying, side: p.qty > 0 ? 'buy' : 'sell', type: 'market', timeInForce: 'day', qty: String(Math.abs(p.qty)), extendedHours: false, orderClass: 'simple' };
      return this.send('shares', intent, p.reason);
    }
    if (p.kind === 'open') {
      const action = await this.send('open', optionIntent(p.legs, p.units, 'open', await this.currentQuotes()), p.reason);
      if (action.clientOrderId) this.tags.set(action.clientOrderId, p.tag);
      return action;
    }
    const structure = this.structures.find((s) => s.id === p.id);
    if (!structure) return { kind: 'close', reason: p.reason, refused: `structure ${p.id} was never opened (its order did not fill)` };
    const reversed = structure.legs.map((l) => ({ ...l, side: (l.side === 'buy' ? 'sell' : 'buy') as OrderSide }));
    return this.send('close', optionIntent(reversed, structure.units, 'close', await this.currentQuotes()), p.reason);
  }

  /**
   * The contracts' two-sided quotes now, for an order's limit: the chain read again just before sending (earlier
   * orders of the decision take time, and a cheap option's quote moves more than the risk engine's 5% price band
   * between the decision's read and the order), else the decision's own chain.
   */
  private async currentQuotes(): Promise<(symbol: string) => { bid: number; ask: number } | undefined> {
    let rows: ReadonlyMap<string, { bid: number; ask: number }> | undefined;
    try {
      const chain = await this.o.chain();
      rows = new Map(chain.rows.flatMap((r) => (r.bid !== null && r.ask !== null ? [[r.symbol, { bid: r.bid, ask: r.ask }] as const] : [])));
    } catch {
      rows = undefined;
    }
    return (symbol) => {
      const c = rows ? rows.get(symbol) : this.view?.contract(symbol);
      return c && c.bid > 0 && c.ask >= c.bid ? { bid: c.bid, ask: c.ask } : undefined;
    };
  }

  private async send(kind: OptionBotAction['kind'], intent: OrderIntent, reason: string): Promise<OptionBotAction> {
    let result = await this.o.orders.submit(intent, this.source);
    if (!result.ok && result.code === 'PRICE_BAND' && intent.type === 'limit' && kind !== 'shares') {
      // The chain the limit was priced from and the quote the risk engine holds disagree by more than its band (a
      // cheap option's quote moves several percent in seconds): the structure goes at market, as it would
      // without a two-sided quote, rather than not at all.
      this.o.log.warn('bots', `${this.source}: ${kind} limit refused (${result.message}); sent at market`, { reason });
      const { limitPrice: _dropped, ...rest } = intent;
      result = await this.o.orders.submit({ ...rest, type: 'market' }, this.source);
    }
    if (!result.ok) {
      this.o.log.warn('bots', `${this.source}: ${kind} refused: ${result.code}: ${result.message}`, { reason });
      return { kind, reason, refused: `${result.code}: ${result.message}`, ...(result.order ? { clientOrderId: result.order.clientOrderId } : {}) };
    }
    const id = result.order.clientOrderId;
    const status = await this.settled(id);
    return { kind, reason, clientOrderId: id, status };
  }

  /** Waits for the order's journal row to reach a final state (or the wait to run out); returns its status. */
  private async settled(clientOrderId: string): Promise<string> {
    const deadline = Date.now() + (this.o.settleMs ?? 20_000);
    for (;;) {
      const status = this.o.orders.order(clientOrderId)?.status ?? 'unknown';
      if (FINAL.has(status) || Date.now() > deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The legs of an order: an mleg order's, or a single option order as one leg. */
function legsOf(intent: OrderIntent): OptionLeg[] {
  if (intent.orderClass === 'mleg') return (intent.legs ?? []).map((l) => ({ symbol: l.symbol, side: l.side, ratio: Number(l.ratioQty) }));
  if (intent.symbol && OCC_SYMBOL_PATTERN.test(intent.symbol) && intent.side) return [{ symbol: intent.symbol, side: intent.side, ratio: 1 }];
  return [];
}

/**
 * A structure's marketable limit per unit: each leg at its natural price (bought at the ask, sold at the bid) times
 * its ratio; a credit is negative. It fills at once against the quotes the decision saw and never worse than they
 * showed (no further allowance: the risk engine's price band refuses a net limit much past the legs' own prices);
 * a quote that moved away leaves it working for the day. Undefined when a leg has no two-sided quote (the order
 * goes at market then).
 */
export function naturalLimit(legs: readonly OptionLeg[], quoteOf: (symbol: string) => { bid: number; ask: number } | undefined): Decimal | undefined {
  let net = new Decimal(0);
  for (const leg of legs) {
    const q = quoteOf(leg.symbol);
    if (!q) return undefined;
    net = net.plus(new Decimal(leg.side === 'buy' ? q.ask : q.bid).times(leg.ratio).times(leg.side === 'buy' ? 1 : -1));
  }
  return net.toDecimalPlaces(2, Decimal.ROUND_CEIL);
}

/**
 * One structure as an order: mleg for 2 to 4 legs (each leg's position intent said), a simple order for one; at a
 * marketable limit from the chain's quotes (see naturalLimit), at market only where a leg has no quote or a single
 * leg's limit would not be a positive price.
 */
function optionIntent(legs: readonly OptionLeg[], units: number, effect: 'open' | 'close', quoteOf: (symbol: string) => { bid: number; ask: number } | undefined): OrderIntent {
  const intentOf = (side: OrderSide) => (`${side}_to_${effect}` as const);
  const limit = naturalLimit(legs, quoteOf);
  if (legs.length === 1) {
    const leg = legs[0]!;
    // a sell's natural limit is negative in the net convention; a simple order's limit is the positive price
    const price = limit === undefined ? undefined : leg.side === 'buy' ? limit : limit.neg().toDecimalPlaces(2, Decimal.ROUND_FLOOR);
    const priced = price !== undefined && price.greaterThan(0) ? { type: 'limit' as const, limitPrice: price.toFixed(2) } : { type: 'market' as const };
    return { symbol: leg.symbol, side: leg.side, ...priced, timeInForce: 'day', qty: String(units * leg.ratio), extendedHours: false, orderClass: 'simple', positionIntent: intentOf(leg.side) };
  }
  return {
    ...(limit === undefined ? { type: 'market' as const } : { type: 'limit' as const, limitPrice: limit.toFixed(2) }),
    timeInForce: 'day',
    qty: String(units),
    extendedHours: false,
    orderClass: 'mleg',
    legs: legs.map((l) => ({ symbol: l.symbol, side: l.side, ratioQty: String(l.ratio), positionIntent: intentOf(l.side) })),
  };
}
