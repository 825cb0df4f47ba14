import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { portfolioParams } from '../../kernel/strategy/portfolio-params.js';
import { defineStrategy, type IndicatorRequest, type StrategyContext, type StrategyDefinition } from '../../kernel/strategy/types.js';
import { ShadowMember } from './shadow-member.js';

/** The member sets a bot or run can choose (a parameter is a number, a choice or a flag, not a free list). */
export const ENSEMBLE_MEMBER_SETS = {
  stock: ['sma-cross', 'mean-reversion', 'breakout', 'trend-following', 'swing'],
  trend: ['sma-cross', 'breakout', 'trend-following'],
  'stock-ml': ['sma-cross', 'mean-reversion', 'breakout', 'trend-following', 'swing', 'ml-signal'],
} as const;
type MemberSet = keyof typeof ENSEMBLE_MEMBER_SETS;

const params = z.object({
  members: z.enum(Object.keys(ENSEMBLE_MEMBER_SETS) as [MemberSet, ...MemberSet[]]).default('stock').describe('the strategies that vote: stock (sma-cross, mean-reversion, breakout, trend-following, swing), trend (sma-cross, breakout, trend-following), stock-ml (stock and ml-signal)'),
  horizonBars: z.number().int().min(1).max(60).default(5).describe('bars over which each vote is scored, and the horizon of the consensus insights'),
  minConfidence: z.number().min(0.5).max(0.99).default(0.55).describe('trade the consensus only when its probability reaches this'),
  minScored: z.number().int().min(1).max(1000).default(50).describe('scored votes a member needs before its vote counts'),
  ...portfolioParams,
});
type Params = z.output<typeof params>;

/**
 * Per symbol: its bar count, the last consensus sent, and the votes waiting to be scored in a ring of `horizonBars`
 * slots (the votes cast at bar n are scored at bar n + horizonBars, when the slot comes round again). Typed arrays,
 * filled in place: a bar allocates nothing.
 */
interface SymbolVotes {
  bars: number;
  lastDirection: number;
  lastAt: number;
  /** Slot k: the close the votes were cast at, and each member's vote (+1, -1, 0 for none). */
  entry: Float64Array;
  direction: Int8Array;
  filled: Uint8Array;
}

/**
 * The founding design's "multi-agent system", named for what it is: a weighted vote of strategies. Each member runs
 * in a shadow book (shadow-member.ts) on the same bars; its view of a symbol (its insight, else the sign of its
 * shadow position) is a vote of +1 or -1. Every vote standing at a bar's close is scored `horizonBars` later (did
 * the close move its way?), so each member has a running accuracy p = (hits + 1) / (votes + 2) from the past only.
 * A member counts once it has `minScored` scored votes, with weight ln(p / (1 - p)) when p > 1/2 (else 0): with
 * members taken as independent, the sum of weighted votes is the log-odds that the move is up (the optimal weighted
 * majority rule of Nitzan and Paroush, 1982). When that probability (or its complement) reaches `minConfidence`,
 * the ensemble emits an insight in that direction with that confidence; when the consensus falls away, a flat one.
 * The portfolio layer turns insights into positions (portfolioMethod, allowShort: down is flat unless allowed).
 */
export function createEnsemble(registry: ReadonlyMap<string, StrategyDefinition>): StrategyDefinition<typeof params> {
  const membersOf = (p: Params): StrategyDefinition[] =>
    ENSEMBLE_MEMBER_SETS[p.members].map((name) => {
      const d = registry.get(name);
      if (!d) throw new Error(`ensemble member ${name} is not a registered strategy`);
      return d;
    });
  const defaults = (d: StrategyDefinition): unknown => d.params.parse({});
  return defineStrategy({
    name: 'ensemble',
    description: 'Weighted vote of strategies (the "multi-agent system"): each member weighted by the log-odds of its scored accuracy; trades the consensus through insights',
    family: 'ensemble',
    needs: ['bars'],
    minSymbols: 1,
    params,
    timeframe: '1Day',
    universe: [],
    warmup: (p: Params) => membersOf(p).reduce((m, d) => Math.max(m, d.warmup(defaults(d) as never)), 1) + p.horizonBars * p.minScored,
    indicators: (p: Params): IndicatorRequest[] => membersOf(p).flatMap((d) => d.indicators?.(defaults(d) as never) ?? []),
    create(p: Params, ctx: StrategyContext) {
      const members = membersOf(p).map((d) => new ShadowMember(d, defaults(d), ctx));
      const count = members.length;
      const horizon = p.horizonBars;
      const hits = new Float64Array(count);
      const scored = new Float64Array(count);
      const weights = new Float64Array(count);
      const votes = new Int8Array(count);
      const symbols = new Map<string, SymbolVotes>();

      const weight = (m: number): number => {
        if (scored[m]! < p.minScored) return 0;
        const acc = (hits[m]! + 1) / (scored[m]! + 2);
        return acc > 0.5 ? Math.log(acc / (1 - acc)) : 0;
      };

      /** Scores the votes cast `horizon` bars ago (they are due now) and frees their slot for this bar's. */
      const score = (state: SymbolVotes, slot: number, close: number): void => {
        if (state.filled[slot] === 0) return;
        const entry = state.entry[slot]!;
        const base = slot * count;
        for (let m = 0; m < count; m++) {
          const d = state.direction[base + m]!;
          if (d === 0) continue;
          scored[m]!++;
          if ((close - entry) * d > 0) hits[m]!++;
        }
        state.filled[slot] = 0;
      };

      /** The reason's member list, built only when an insight is emitted (words cost strings; most bars send none). */
      const words = (): string => {
        const out: string[] = [];
        for (let i = 0; i < count; i++) {
          if (votes[i] === 0 || !(weights[i]! > 0)) continue;
          out.push(`${members[i]!.name} ${votes[i]! > 0 ? 'up' : 'down'} (w ${weights[i]!.toFixed(2)})`);
        }
        return out.join(', ');
      };

      return {
        onStart() {
          for (const m of members) m.start();
        },
        onBar(symbol: string, bar: Readonly<Bar>) {
          let state = symbols.get(symbol);
          if (!state) {
            state = { bars: 0, lastDirection: 0, lastAt: -1, entry: new Float64Array(horizon), direction: new Int8Array(horizon * count), filled: new Uint8Array(horizon) };
            symbols.set(symbol, state);
          }
          const n = ++state.bars;
          const slot = n % horizon;
          score(state, slot, bar.c);
          for (let i = 0; i < count; i++) members[i]!.onBar(symbol, bar);
          let logOdds = 0;
          let any = false;
          const base = slot * count;
          for (let i = 0; i < count; i++) {
            const v = members[i]!.vote(symbol);
            votes[i] = v;
            state.direction[base + i] = v;
            if (v === 0) continue;
            any = true;
            const w = weight(i);
            weights[i] = w;
            logOdds += v * w;
          }
          if (any) {
            state.entry[slot] = bar.c;
            state.filled[slot] = 1;
          }
          const probability = 1 / (1 + Math.exp(-Math.abs(logOdds)));
          const direction = probability >= p.minConfidence ? Math.sign(logOdds) : 0;
          const hadPrev = state.lastAt >= 0;
          if (hadPrev && state.lastDirection === direction && (direction === 0 || n - state.lastAt < horizon - 1)) return;
          if (!hadPrev && direction === 0) return;
          state.lastDirection = direction;
          state.lastAt = n;
          ctx.emitInsight({
            symbol,
            direction: direction > 0 ? 'up' : direction < 0 ? 'down' : 'flat',
            confidence: direction === 0 ? 0.5 : probability,
            horizonBars: horizon,
            reason:
              direction === 0
                ? `ensemble: no consensus on ${symbol} (probability ${probability.toFixed(2)} < ${p.minConfidence})`
                : `ensemble: ${direction > 0 ? 'up' : 'down'} ${probability.toFixed(2)} from ${words()}`,
          });
        },
        onCrossSection(t, bars) {
          for (const m of members) m.onCrossSection(t, bars);
        },
        onStop() {
          for (const m of members) m.stop();
        },
      };
    },
  });
}
