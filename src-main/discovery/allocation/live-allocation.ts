import { CodedError } from '../../../src-shared/ipc/errors.js';
import { bounds } from '../portfolio/weights.js';
import type { BanditMethod } from './bandit.js';
import { runMetaAllocation } from './meta-allocation.js';

/** The trader's limits on the live meta-allocation (stored; the Bots tab's form). */
export interface AllocationLimits {
  enabled: boolean;
  method: BanditMethod;
  /** Each bot's smallest and largest share of the total capital (0..1). */
  minWeight: number;
  maxWeight: number;
  /** Dollars split across the running bots. */
  totalCapital: number;
}

/** One bot at one session close: what it held over the day, how it did, and what it holds next. */
export interface AllocationRow {
  botId: string;
  /** Its ledger's P&L (realised plus unrealised) at this close, in dollars. */
  pl: number;
  /** The allocation it held over the day, in dollars. */
  allocation: number;
  /** P&L since its previous close here over the allocation it held; null at its first close under the allocator. */
  dayReturn: number | null;
  /** Its weight from this close on, and the allocation that weight buys (dollar text to the cent). */
  weight: number;
  newAllocation: string;
}

export interface AllocationDay {
  /** The session's close (UTC epoch ms) and its New York date. */
  t: number;
  date: string;
  rows: AllocationRow[];
}

export interface BotCapital {
  botId: string;
  allocation: number;
  pl: number;
}

/** The bandit's seed: fixed, so replaying the stored days after a restart gives the weights the app would have held. */
const SEED = 17;

/**
 * One session close of the live meta-allocation. Each bot's day return is its ledger's P&L change since its last
 * close here over the allocation it held (so a change of allocation is not counted as a gain or a loss). The weights
 * come from the backtest's own allocator (`runMetaAllocation`: the same risk-adjusted reward and bandit), replayed
 * over every stored day for the bots running now, in the order given: a day a bot was not there counts as a flat day
 * for it (reward 0.5, the neutral middle). Nothing else is kept, so a restart replays the same history to the same
 * weights. Each allocation is its weight times the total capital, rounded down to the cent.
 */
export function decideClose(history: readonly AllocationDay[], bots: readonly BotCapital[], limits: AllocationLimits, t: number, date: string): AllocationDay {
  if (bots.length < 2) throw new CodedError('BAD_REQUEST', 'meta-allocation needs at least two running bots to allocate between');
  const box = bounds(bots.length, { lower: limits.minWeight, upper: limits.maxWeight });
  const today = bots.map((b) => {
    const previous = lastRowOf(history, b.botId);
    const dayReturn = previous && b.allocation > 0 ? (b.pl - previous.pl) / b.allocation : null;
    return { botId: b.botId, pl: b.pl, allocation: b.allocation, dayReturn };
  });
  const returns: Float64Array[] = [];
  const days = [...history.map((d) => d.rows), today];
  for (const rows of days) {
    const byBot = new Map(rows.map((r) => [r.botId, r.dayReturn]));
    const row = new Float64Array(bots.length);
    let any = false;
    bots.forEach((b, i) => {
      const r = byBot.get(b.botId);
      if (r !== undefined && r !== null) {
        row[i] = r;
        any = true;
      }
    });
    if (any) returns.push(row);
  }
  const next = runMetaAllocation({ method: limits.method, returns, bots: bots.length, limits: box, seed: SEED }).next;
  return {
    t,
    date,
    rows: today.map((r, i) => ({ ...r, weight: next[i]!, newAllocation: dollars(next[i]! * limits.totalCapital) })),
  };
}

function lastRowOf(history: readonly AllocationDay[], botId: string): AllocationRow | undefined {
  for (let d = history.length - 1; d >= 0; d--) {
    const row = history[d]!.rows.find((r) => r.botId === botId);
    if (row) return row;
  }
  return undefined;
}

/** Down to the cent (so the bots' allocations never sum above the total), at least one cent. */
function dollars(amount: number): string {
  const cents = Math.max(1, Math.floor(amount * 100 + 1e-6));
  return (cents / 100).toFixed(2);
}
