import type { EpochMs } from '../../src-shared/time.js';
import { nyDate, nyParts, weekday } from '../exchange/market/ny-time.js';

export interface IvRecorderOptions {
  /** The symbols to record (the watchlists' symbols). */
  symbols: () => readonly string[];
  /** Records one symbol's IV points of today; rejects when it cannot. */
  record: (symbol: string) => Promise<unknown>;
  /** Time and timers, injected so tests need no sleeps. */
  now?: () => EpochMs;
  setInterval?: (fn: () => void, ms: number) => { unref?(): void };
  clearInterval?: (handle: unknown) => void;
  /** Checks this often (default 10 minutes). */
  everyMs?: number;
  onError?: (symbol: string, error: unknown) => void;
}

/** New York time from which a weekday's IV is recorded: late in the session, so the day's IV is nearly final. */
const RECORD_FROM_MINUTES = 15 * 60 + 45;

/**
 * Records the daily IV points of the watchlists' symbols once per New York weekday, from 15:45 (Alpaca keeps no IV
 * history, so IV rank needs these). One symbol at a time, each at most once a day; a failure is retried at the next
 * check. Weekday holidays cost a check that records nothing new only where the chain is the previous session's.
 */
export class IvRecorder {
  private readonly done = new Map<string, string>();
  private handle: unknown;
  private running = false;

  constructor(private readonly options: IvRecorderOptions) {}

  start(): void {
    const every = this.options.everyMs ?? 600_000;
    const set = this.options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    const h = set(() => void this.check(), every);
    h.unref?.();
    this.handle = h;
  }

  stop(): void {
    if (this.handle !== undefined) (this.options.clearInterval ?? ((x) => clearInterval(x as NodeJS.Timeout)))(this.handle);
    this.handle = undefined;
  }

  /** One pass: records every symbol not yet recorded today if it is late enough on a weekday. Returns those recorded. */
  async check(): Promise<string[]> {
    if (this.running) return [];
    const now = (this.options.now ?? Date.now)();
    const date = nyDate(now);
    const parts = nyParts(now);
    const day = weekday(date);
    if (day === 0 || day === 6 || parts.hour * 60 + parts.minute < RECORD_FROM_MINUTES) return [];
    this.running = true;
    const recorded: string[] = [];
    try {
      for (const symbol of new Set(this.options.symbols())) {
        if (this.done.get(symbol) === date) continue;
        try {
          await this.options.record(symbol);
          this.done.set(symbol, date);
          recorded.push(symbol);
        } catch (error) {
          this.options.onError?.(symbol, error);
        }
      }
    } finally {
      this.running = false;
    }
    return recorded;
  }
}
