import type { Database } from 'better-sqlite3';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { AllocationStore } from '../discovery/allocation/allocation-store.js';
import { decideClose, type AllocationDay, type AllocationLimits } from '../discovery/allocation/live-allocation.js';
import { nyseCalendar, type SessionCalendar } from '../history/calendar.js';
import { StrategyScheduler } from '../kernel/strategy/schedule.js';
import type { Logger } from '../logging/logger.js';
import type { BotService } from './bot-service.js';
import { healthOf, type Service } from './service.js';

/** How often the market clock is read for the session close (the bots' own schedules tick at the same rate). */
const TICK_MS = 1_000;

/** What the allocator needs of the bots: the running ones, each one's capital and P&L, and the allocation path. */
export type AllocatorBots = Pick<BotService, 'runningIds' | 'capitalOf' | 'setAllocation'>;

export interface MetaAllocationServiceOptions {
  log: Logger;
  database: () => Database;
  bots: () => AllocatorBots;
  /** The market's clock (simulated in demo outside hours, as the bots' schedules read it); undefined until first read. */
  clock: () => number | undefined;
  calendar?: SessionCalendar;
  /** Timers (tests drive `tick` themselves and pass none). */
  timers?: boolean;
}

/**
 * The live meta-allocation: at each session close on the market's clock (the calendar's close, as a bot's
 * onSessionClose), when the trader turned it on, the running bots' capital is split by the bandit of
 * `workstation allocate` on their risk-adjusted day returns, within the trader's limits, and each bot's new allocation
 * goes through BotService.setAllocation, the path the trader's own change takes. The risk path then keeps enforcing
 * it: no order is sent here, so a bot left holding more than its new allocation is not sold down, it just cannot buy
 * until it fits. Each close's weights are stored (migration 0010) and shown in the Bots tab.
 */
export class MetaAllocationService implements Service {
  readonly name = 'meta-allocation';
  private store: AllocationStore | undefined;
  private scheduler: StrategyScheduler | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: string = 'no close yet';

  constructor(private readonly options: MetaAllocationServiceOptions) {}

  start(): void {
    this.store = new AllocationStore(this.options.database());
    if (this.options.timers !== false) {
      this.timer = setInterval(() => {
        // A timer's throw would reach main's uncaught handler: a failed close (its database gone at shutdown) is logged.
        try {
          const now = this.options.clock();
          if (now !== undefined) this.tick(now);
        } catch (error) {
          this.options.log.warn('bots', `meta-allocation tick failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }, TICK_MS);
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.scheduler = undefined;
  }

  health() {
    if (!this.store) return healthOf(this.name, 'stopped', 'not running');
    const limits = this.store.limits();
    const clock = this.scheduler ? this.last : 'waiting for the market clock';
    return healthOf(this.name, 'ok', `${limits.enabled ? `on (${limits.method})` : 'off'}; ${clock}`);
  }

  /**
   * The clock moved: a session close up to `now` reallocates (once per close). The first reading starts the schedule:
   * closes before it are past, so a restart does not reallocate for a day it already saw (or slept through). The
   * demo's clock is known only after the first poll of the exchange, which may be years from the wall's.
   */
  tick(now: number): void {
    if (!this.store) return;
    if (!this.scheduler) {
      this.scheduler = new StrategyScheduler(this.options.calendar ?? nyseCalendar());
      this.scheduler.onSessionClose((t) => this.onClose(t));
      this.scheduler.start(now);
      return;
    }
    this.scheduler.advance(now, true, (_t, run) => run());
  }

  limits(): AllocationLimits {
    return this.requireStore().limits();
  }

  setLimits(limits: AllocationLimits, at: number): AllocationLimits {
    if (!(limits.maxWeight >= limits.minWeight)) throw new CodedError('BAD_REQUEST', `the largest weight (${limits.maxWeight}) must not be below the smallest (${limits.minWeight})`);
    this.requireStore().saveLimits(limits, at);
    this.options.log.info('bots', `meta-allocation ${limits.enabled ? 'on' : 'off'}: ${limits.method}, ${limits.minWeight}..${limits.maxWeight} a bot of ${limits.totalCapital}`);
    return this.limits();
  }

  /** The newest `limit` closes, oldest first. */
  days(limit: number): AllocationDay[] {
    return this.requireStore().days(limit);
  }

  /**
   * One close: skipped (and said why) when off or with fewer than two running bots; otherwise decided, stored and
   * applied. Returns the day decided, or undefined when skipped.
   */
  onClose(t: number): AllocationDay | undefined {
    const store = this.requireStore();
    const limits = store.limits();
    const date = new Date(t).toISOString().slice(0, 10);
    if (!limits.enabled) {
      this.last = `off at the ${date} close`;
      return undefined;
    }
    const bots = this.options.bots();
    const ids = bots.runningIds();
    if (ids.length < 2) {
      this.last = `${date} close skipped: ${ids.length} running bot(s), two are needed`;
      this.options.log.info('bots', `meta-allocation: ${this.last}`);
      return undefined;
    }
    let day: AllocationDay;
    try {
      day = decideClose(store.days(), ids.map((botId) => ({ botId, ...bots.capitalOf(botId) })), limits, t, date);
    } catch (error) {
      this.last = `${date} close not allocated: ${error instanceof Error ? error.message : String(error)}`;
      this.options.log.warn('bots', `meta-allocation: ${this.last}`);
      return undefined;
    }
    store.saveDay(day);
    for (const row of day.rows) {
      try {
        bots.setAllocation(row.botId, row.newAllocation, 'meta-allocation');
      } catch (error) {
        this.options.log.warn('bots', `meta-allocation could not set bot ${row.botId}'s allocation: ${error instanceof Error ? error.message : String(error)}`, { bot: row.botId });
      }
    }
    this.last = `${date} close: ${day.rows.map((r) => `${r.botId} ${(r.weight * 100).toFixed(1)}%`).join(', ')}`;
    this.options.log.info('bots', `meta-allocation: ${this.last}`);
    return day;
  }

  private requireStore(): AllocationStore {
    if (!this.store) throw new CodedError('UNAVAILABLE', 'meta-allocation is not running yet');
    return this.store;
  }
}
