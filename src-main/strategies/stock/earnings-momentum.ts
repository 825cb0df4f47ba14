import { z } from 'zod';
import type { EpochMs } from '../../../src-shared/time.js';
import { defineStrategy, type StrategyContext, type StrategyDefinition } from '../../kernel/strategy/types.js';
import { CloseHistory } from '../shared/close-history.js';
import { Rebalancer, sharesFor } from '../shared/rebalancer.js';
import type { EarningsCalendar } from './earnings-calendar.js';

const params = z.object({
  volumeMultiple: z.number().min(1.5).max(20).default(3).describe('without a calendar: a day whose volume is this many times its average marks an announcement'),
  volumeWindow: z.number().int().min(10).max(120).default(50).describe('without a calendar: bars of the average volume'),
  barsAfter: z.number().int().min(0).max(10).default(1).describe('bars after the event day in the surprise window; it starts two closes before the event (about four days around it)'),
  entryAbnormal: z.number().min(0).max(0.5).default(0.04).describe('abnormal return (against the rest of the universe) that opens a position'),
  holdBars: z.number().int().min(5).max(252).default(60).describe('bars a position is held (the drift lasts about a quarter)'),
  maxPositions: z.number().int().min(1).max(50).default(5).describe('positions at once, each investFraction / maxPositions of equity'),
  legs: z.enum(['long-only', 'long-short']).default('long-only').describe('buy positive surprises only, or also sell negative ones short'),
  investFraction: z.number().min(0.1).max(1).default(0.95).describe('share of equity across all positions'),
});
type Params = z.output<typeof params>;

const HOUR_MS = 3_600_000;

/**
 * The session date of a daily bar: daily bars are stamped at midnight New York (Alpaca) or midnight UTC (Yahoo
 * files); six hours later it is the session's date in both zones.
 */
function sessionDate(t: EpochMs): string {
  return new Date(t + 6 * HOUR_MS).toISOString().slice(0, 10);
}

interface Pending {
  symbol: string;
  barsLeft: number;
  date: string;
}

/**
 * Post-earnings-announcement drift (Ball and Brown 1968; Bernard and Thomas 1989). The textbook surprise is actual
 * minus expected EPS, which Alpaca does not carry (no earnings calendar, no estimates), so the surprise here is
 * price-based: the return from two closes before the event to `barsAfter` closes after it, less the equal-weighted
 * return of the rest of the universe over the same bars (Chan, Jegadeesh and Lakonishok 1996 use this abnormal
 * return as their "earnings news" measure). A surprise above `entryAbnormal` is bought (and, long-short, one below
 * its negative sold) and held `holdBars`. Event dates come from a calendar the trader gives (earningsMomentumWith),
 * possibly built from Alpaca news headlines (earnings-calendar.ts); without one, from volume spikes, which also
 * fire on news that is not earnings.
 */
export function earningsMomentumWith(calendar?: EarningsCalendar): StrategyDefinition<typeof params> {
  const dates = new Map<string, Set<string>>();
  for (const e of calendar ?? []) {
    let set = dates.get(e.symbol);
    if (set === undefined) dates.set(e.symbol, (set = new Set()));
    set.add(e.date);
  }
  return defineStrategy({
    name: 'earnings-momentum',
    description: 'Post-earnings drift on the price-based surprise (abnormal return around the event); dates from a calendar file, else volume spikes (Alpaca has no earnings calendar)',
    family: 'stock',
    needs: ['bars'],
    minSymbols: 1,
    params,
    timeframe: '1Day',
    universe: [],
    warmup: (p: Params) => (calendar ? p.barsAfter + 3 : p.volumeWindow + 1),
    create(p: Params, ctx: StrategyContext) {
      const history = new CloseHistory(Math.max(p.volumeWindow + 1, p.barsAfter + 3));
      const book = new Rebalancer(ctx);
      const pending: Pending[] = [];
      const held = new Map<string, { side: number; barsLeft: number }>();
      const isEvent = (s: string, t: EpochMs): boolean => {
        if (calendar) return dates.get(s)?.has(sessionDate(t)) ?? false;
        if (history.length(s) <= p.volumeWindow) return false;
        // The mean of the `volumeWindow` volumes before today, summed oldest first (no window copied per bar).
        let sum = 0;
        for (let back = p.volumeWindow; back >= 1; back--) sum = sum + history.volume(s, back);
        const avg = sum / p.volumeWindow;
        return avg > 0 && history.volume(s, 0) >= p.volumeMultiple * avg;
      };
      return {
        onCrossSection(t, bars) {
          history.seed(ctx, t, '1Day');
        history.push(t, bars);
          const printed = ctx.universe.filter((s) => history.lastTime(s) === t);
          const printedSet = new Set(printed);
          let changed = '';
          for (const [s, h] of held) {
            if (!printedSet.has(s) || --h.barsLeft > 0) continue;
            held.delete(s);
            changed += `; ${s}: held ${p.holdBars} bars, close`;
          }
          for (const s of printed) if (isEvent(s, t)) pending.push({ symbol: s, barsLeft: p.barsAfter, date: sessionDate(t) });
          for (let i = pending.length - 1; i >= 0; i--) {
            const e = pending[i]!;
            if (!printedSet.has(e.symbol)) continue;
            if (e.barsLeft-- > 0) continue;
            pending.splice(i, 1);
            const span = p.barsAfter + 2;
            const own = history.returnBetween(e.symbol, span, 0);
            const others = printed.filter((s) => s !== e.symbol).map((s) => history.returnBetween(s, span, 0)).filter((r) => !Number.isNaN(r));
            const bench = others.length > 0 ? others.reduce((a, b) => a + b, 0) / others.length : 0;
            const abnormal = own - bench;
            if (Number.isNaN(abnormal) || held.has(e.symbol) || held.size >= p.maxPositions) continue;
            const side = abnormal >= p.entryAbnormal ? 1 : p.legs === 'long-short' && abnormal <= -p.entryAbnormal ? -1 : 0;
            if (side === 0) continue;
            held.set(e.symbol, { side, barsLeft: p.holdBars });
            changed += `; ${e.symbol}: event ${e.date}${calendar ? ' (calendar)' : ' (volume spike)'}, abnormal return ${(abnormal * 100).toFixed(1)}% over ${span} bars, ${side > 0 ? 'buy' : 'sell short'} for ${p.holdBars} bars`;
          }
          if (changed !== '') {
            const equity = ctx.portfolio.equity();
            const targets = new Map<string, number>();
            for (const [s, h] of held) targets.set(s, sharesFor((h.side * p.investFraction) / p.maxPositions, equity, history.close(s)));
            book.setTargets(targets, `earnings-momentum${changed}`);
          }
          book.step((s) => history.close(s));
        },
        onOrderUpdate: (u) => book.onOrderUpdate(u),
      };
    },
  });
}

/** The registered definition: no calendar given, so events are volume spikes (earningsMomentumWith takes a calendar). */
export const earningsMomentum = earningsMomentumWith();
