import type { ClosedTrade } from './trade-tracker.js';
import type { ProtectionLock, ProtectionName, ProtectionSettings } from './settings.js';

const HOUR = 3_600_000;

/**
 * Decides the locks of one bot from its closed trades and its equity, on the bot's clock. Pure bookkeeping: the
 * runtime asks `lockFor` before an order that opens or grows a position and refuses it while locked; the host stores
 * each new lock (onLock) and may lift one (lift). Exits are never blocked: a lock stops new risk, not its removal.
 */
export class ProtectionEngine {
  private readonly trades: ClosedTrade[] = [];
  private readonly equity: Array<{ t: number; value: number }> = [];
  private readonly all: ProtectionLock[] = [];
  private seq = 0;

  constructor(
    private readonly settings: ProtectionSettings,
    private readonly onLock: (lock: ProtectionLock) => void = () => undefined,
    private readonly idPrefix = 'lock',
  ) {}

  get enabled(): boolean {
    const s = this.settings;
    return s.cooldown !== undefined || s.stoplossGuard !== undefined || s.maxDrawdown !== undefined || s.lowProfit !== undefined;
  }

  /** Locks kept from before (a bot's restart): they count until they end. */
  restore(locks: readonly ProtectionLock[]): void {
    for (const lock of locks) if (!this.all.some((l) => l.id === lock.id)) this.all.push({ ...lock });
  }

  onTrade(trade: ClosedTrade): void {
    const s = this.settings;
    const now = trade.closedAt;
    this.trades.push(trade);
    const keep = Math.max(s.stoplossGuard?.lookbackHours ?? 0, s.lowProfit?.lookbackHours ?? 0) * HOUR;
    while (this.trades.length > 0 && this.trades[0]!.closedAt < now - keep) this.trades.shift();
    if (s.cooldown) this.lock(trade.symbol, 'cooldown', now, s.cooldown.hours, `cooldown after closing ${trade.symbol} (${s.cooldown.hours} h)`);
    if (s.stoplossGuard && trade.stopOut) {
      const g = s.stoplossGuard;
      const scope = g.scope === 'bot' ? '*' : trade.symbol;
      const stops = this.trades.filter((t) => t.stopOut && t.closedAt >= now - g.lookbackHours * HOUR && (scope === '*' || t.symbol === scope)).length;
      if (stops >= g.trades) {
        this.lock(scope, 'stoploss-guard', now, g.lockHours, `${stops} stop-outs${scope === '*' ? '' : ` of ${scope}`} within ${g.lookbackHours} h (limit ${g.trades})`);
      }
    }
    if (s.lowProfit) {
      const p = s.lowProfit;
      const recent = this.trades.filter((t) => t.symbol === trade.symbol && t.closedAt >= now - p.lookbackHours * HOUR);
      const profit = recent.reduce((sum, t) => sum + t.profit, 0);
      if (recent.length >= p.trades && profit < p.minProfit) {
        this.lock(trade.symbol, 'low-profit', now, p.lockHours, `${trade.symbol} made ${(profit * 100).toFixed(2)}% over its last ${recent.length} trade(s) in ${p.lookbackHours} h (minimum ${(p.minProfit * 100).toFixed(2)}%)`);
      }
    }
  }

  /** The bot's equity at `t` (each bar's close): the max-drawdown protection watches it. */
  onEquity(t: number, value: number): void {
    const m = this.settings.maxDrawdown;
    if (!m) return;
    this.equity.push({ t, value });
    while (this.equity.length > 0 && this.equity[0]!.t < t - m.lookbackHours * HOUR) this.equity.shift();
    let peak = -Infinity;
    for (const p of this.equity) peak = Math.max(peak, p.value);
    const drawdown = peak > 0 ? (peak - value) / peak : 0;
    if (drawdown >= m.maxDrawdown && this.lockFor('*', t) === undefined) {
      this.lock('*', 'max-drawdown', t, m.lockHours, `drawdown ${(drawdown * 100).toFixed(2)}% within ${m.lookbackHours} h (limit ${(m.maxDrawdown * 100).toFixed(2)}%)`);
      // A new window after the lock: the same fall must not lock again the moment it ends.
      this.equity.length = 0;
    }
  }

  /** The lock that blocks new entries in `symbol` at `now` (the bot-wide one first), if any. */
  lockFor(symbol: string, now: number): ProtectionLock | undefined {
    let found: ProtectionLock | undefined;
    for (const lock of this.all) {
      // Not `now < from`: a strategy's clock is its bar's start, which can be earlier than the fill that made the lock.
      if (lock.liftedAt !== undefined || now >= lock.until) continue;
      if (lock.scope === '*') return lock;
      if (lock.scope === symbol && (!found || lock.until > found.until)) found = lock;
    }
    return found;
  }

  /** Locks active at `now`, or every lock made (`now` undefined). */
  locks(now?: number): ProtectionLock[] {
    return this.all.filter((l) => now === undefined || (l.liftedAt === undefined && now < l.until)).map((l) => ({ ...l }));
  }

  /** The trader lifts a lock; false when there is no such lock. */
  lift(id: string, at: number): ProtectionLock | undefined {
    const lock = this.all.find((l) => l.id === id);
    if (!lock) return undefined;
    lock.liftedAt ??= at;
    return { ...lock };
  }

  private lock(scope: string, protection: ProtectionName, from: number, hours: number, reason: string): void {
    const until = from + hours * HOUR;
    const existing = this.all.find((l) => l.scope === scope && l.protection === protection && l.liftedAt === undefined && l.until > from);
    if (existing) {
      if (existing.until >= until) return;
      existing.until = until;
      existing.reason = reason;
      this.onLock({ ...existing });
      return;
    }
    const lock: ProtectionLock = { id: `${this.idPrefix}-${from.toString(36)}-${++this.seq}`, scope, protection, reason, from, until };
    this.all.push(lock);
    this.onLock({ ...lock });
  }
}
