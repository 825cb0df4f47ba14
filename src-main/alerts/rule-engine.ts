import type { AlertKind, AlertRule } from '../../src-shared/ipc/alerts-schemas.js';

/** A rule that matched an event; the store turns it into a firing unless that rule already fired for the event. */
export interface AlertCandidate {
  rule: AlertRule;
  kind: AlertKind;
  eventKey: string;
  message: string;
  value: number | null;
  at: number;
}

export interface OrderEvent {
  clientOrderId: string;
  status: string;
  symbol: string | null;
  filledQty: string;
  filledAvgPrice: string | null;
  rejectMessage: string | null;
}

export interface RiskEvent {
  state: string;
  reason: string;
}

export interface StatusEvent {
  at: number;
  connection: string;
  symbols: ReadonlyArray<{ symbol: string; stale: boolean; lastMessageAt: number | null }>;
}

/** A bot's state as the bots service publishes it. */
export interface BotEvent {
  id: string;
  name: string;
  state: string;
  reason: string | null;
  stateSince: number;
}

interface PriceState {
  last: number | undefined;
  /** (t, price) within the longest percent-move window of the symbol's rules, oldest first. */
  window: Array<{ t: number; price: number }>;
}

const formatPrice = (value: number): string => value.toFixed(value >= 1 ? 2 : 4);
/**
 * A crossing rule re-arms only once the price is this far back on the other side of its level, so a price
 * hovering around the level (every tick above, below, above) does not fire on each tick.
 */
export const REARM_BAND = 0.001;
/** The risk engine's state before any event: a halt as the first event is a change. */
const INITIAL_RISK_STATE = 'ACTIVE';

/**
 * Evaluates alert rules against events, in main. Pure and synchronous (no clock, no I/O): each `on*` call returns
 * the rules that match. Crossing rules fire on the trade that crosses and re-arm once the price is back on the
 * other side by REARM_BAND; a percent move fires once and measures the next move from the price it fired at; order, risk and
 * connection rules fire on a change, never on a repeat of the same state.
 */
export class AlertRuleEngine {
  private rules: AlertRule[] = [];
  private readonly prices = new Map<string, PriceState>();
  /** Percent-move reference per rule, after it fired (the next move is measured from there). */
  private readonly moveBase = new Map<string, { t: number; price: number }>();
  private readonly orderStatus = new Map<string, string>();
  private riskState: string | undefined;
  private connection: string | undefined;
  private readonly stale = new Map<string, boolean>();
  /** Crossing rules that fired and wait for the price to return past the re-arm band. */
  private readonly disarmed = new Set<string>();

  setRules(rules: readonly AlertRule[]): void {
    this.rules = rules.filter((rule) => rule.enabled);
    const ids = new Set(this.rules.map((r) => r.id));
    for (const id of this.moveBase.keys()) if (!ids.has(id)) this.moveBase.delete(id);
    for (const id of this.disarmed) if (!ids.has(id)) this.disarmed.delete(id);
  }

  /** Symbols some enabled rule needs live data for. */
  symbols(): string[] {
    const out = new Set<string>();
    for (const { condition } of this.rules) if ('symbol' in condition) out.add(condition.symbol);
    return [...out].sort();
  }

  onTrade(symbol: string, price: number, t: number): AlertCandidate[] {
    const state = this.prices.get(symbol) ?? { last: undefined, window: [] };
    this.prices.set(symbol, state);
    const previous = state.last;
    const out: AlertCandidate[] = [];
    const longest = this.rules.reduce((most, r) => Math.max(most, r.condition.kind === 'percent-move' && r.condition.symbol === symbol ? r.condition.windowMinutes : 0), 0);
    state.window.push({ t, price });
    while (state.window.length > 1 && state.window[0]!.t < t - longest * 60_000) state.window.shift();

    for (const rule of this.rules) {
      const c = rule.condition;
      if (!('symbol' in c) || c.symbol !== symbol) continue;
      if (c.kind === 'price-above' && this.disarmed.has(rule.id)) {
        if (price <= c.level * (1 - REARM_BAND)) this.disarmed.delete(rule.id);
      } else if (c.kind === 'price-below' && this.disarmed.has(rule.id)) {
        if (price >= c.level * (1 + REARM_BAND)) this.disarmed.delete(rule.id);
      } else if (c.kind === 'price-above' && previous !== undefined && previous < c.level && price >= c.level) {
        this.disarmed.add(rule.id);
        out.push({ rule, kind: c.kind, eventKey: `cross-up@${t}`, message: `${symbol} crossed above ${formatPrice(c.level)} at ${formatPrice(price)}`, value: price, at: t });
      } else if (c.kind === 'price-below' && previous !== undefined && previous > c.level && price <= c.level) {
        this.disarmed.add(rule.id);
        out.push({ rule, kind: c.kind, eventKey: `cross-down@${t}`, message: `${symbol} crossed below ${formatPrice(c.level)} at ${formatPrice(price)}`, value: price, at: t });
      } else if (c.kind === 'percent-move') {
        const since = t - c.windowMinutes * 60_000;
        const fired = this.moveBase.get(rule.id);
        const base = fired && fired.t >= since ? fired : state.window.find((p) => p.t >= since);
        if (!base || base.price <= 0) continue;
        const move = ((price - base.price) / base.price) * 100;
        if (Math.abs(move) >= c.percent) {
          this.moveBase.set(rule.id, { t, price });
          out.push({
            rule,
            kind: c.kind,
            eventKey: `move@${t}`,
            message: `${symbol} moved ${move >= 0 ? '+' : ''}${move.toFixed(2)}% in ${Math.round((t - base.t) / 1000)} s (${formatPrice(base.price)} to ${formatPrice(price)})`,
            value: move,
            at: t,
          });
        }
      }
    }
    state.last = price;
    return out;
  }

  onOrder(order: OrderEvent, at: number): AlertCandidate[] {
    const before = this.orderStatus.get(order.clientOrderId);
    this.orderStatus.set(order.clientOrderId, order.status);
    if (before === order.status) return [];
    const out: AlertCandidate[] = [];
    const what = `${order.symbol ?? 'order'} ${order.clientOrderId}`;
    for (const rule of this.rules) {
      if (rule.condition.kind === 'order-filled' && order.status === 'filled') {
        out.push({ rule, kind: 'order-filled', eventKey: `filled:${order.clientOrderId}`, message: `${what} filled ${order.filledQty}${order.filledAvgPrice ? ` at ${order.filledAvgPrice}` : ''}`, value: Number(order.filledQty), at });
      }
      if (rule.condition.kind === 'order-rejected' && order.status === 'rejected') {
        out.push({ rule, kind: 'order-rejected', eventKey: `rejected:${order.clientOrderId}`, message: `${what} rejected${order.rejectMessage ? `: ${order.rejectMessage}` : ''}`, value: null, at });
      }
    }
    return out;
  }

  onRisk(risk: RiskEvent, at: number): AlertCandidate[] {
    const before = this.riskState ?? INITIAL_RISK_STATE;
    this.riskState = risk.state;
    if (before === risk.state) return [];
    return this.rules
      .filter((rule) => rule.condition.kind === 'risk-state')
      .map((rule) => ({ rule, kind: 'risk-state' as const, eventKey: `risk:${risk.state}@${at}`, message: `risk state ${before} → ${risk.state}${risk.reason ? `: ${risk.reason}` : ''}`, value: null, at }));
  }

  onStatus(status: StatusEvent): AlertCandidate[] {
    const out: AlertCandidate[] = [];
    const before = this.connection;
    this.connection = status.connection;
    if (before === 'connected' && status.connection !== 'connected') {
      for (const rule of this.rules) {
        if (rule.condition.kind === 'disconnect') out.push({ rule, kind: 'disconnect', eventKey: `disconnect@${status.at}`, message: `market data ${status.connection}`, value: null, at: status.at });
      }
    }
    for (const symbol of status.symbols) {
      const was = this.stale.get(symbol.symbol) ?? false;
      this.stale.set(symbol.symbol, symbol.stale);
      if (was || !symbol.stale) continue;
      for (const rule of this.rules) {
        const c = rule.condition;
        if (c.kind === 'data-stale' && c.symbol === symbol.symbol) {
          out.push({ rule, kind: 'data-stale', eventKey: `stale:${symbol.symbol}@${status.at}`, message: `${symbol.symbol} data is stale (last message ${symbol.lastMessageAt ? new Date(symbol.lastMessageAt).toISOString() : 'never'})`, value: null, at: status.at });
        }
      }
    }
    return out;
  }

  /** A bot entering `error` or `paused`: once per entry (its id, state and the time it entered it). */
  onBot(bot: BotEvent): AlertCandidate[] {
    if (bot.state !== 'error' && bot.state !== 'paused') return [];
    const what = bot.state === 'error' ? 'stopped on an error' : 'paused';
    return this.rules
      .filter((rule) => rule.condition.kind === 'bot-error')
      .map((rule) => ({ rule, kind: 'bot-error' as const, eventKey: `bot:${bot.id}:${bot.state}@${bot.stateSince}`, message: `bot ${bot.name} ${what}${bot.reason ? `: ${bot.reason}` : ''}`, value: null, at: bot.stateSince }));
  }
}
