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

interface Check {
  member: number;
  direction: number;
  entry: number;
  /** The symbol's bar count at which the vote is scored. */
  due: number;
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
      const hits = new Float64Array(members.length);
      const scored = new Float64Array(members.length);
      const checks = new Map<string, Check[]>();
      const barCount = new Map<string, number>();
      const last = new Map<string, { direction: number; at: number }>();

      const weight = (m: number): number => {
        if (scored[m]! < p.minScored) return 0;
        const acc = (hits[m]! + 1) / (scored[m]! + 2);
        return acc > 0.5 ? Math.log(acc / (1 - acc)) : 0;
      };

      const score = (symbol: string, n: number, close: number): void => {
        const list = checks.get(symbol);
        if (!list) return;
        let keep = 0;
        for (const c of list) {
          if (c.due > n) {
            list[keep++] = c;
            continue;
          }
          scored[c.member]!++;
          if ((close - c.entry) * c.direction > 0) hits[c.member]!++;
        }
        list.length = keep;
      };

      return {
        onStart() {
          for (const m of members) m.start();
        },
        onBar(symbol: string, bar: Readonly<Bar>) {
          const n = (barCount.get(symbol) ?? 0) + 1;
          barCount.set(symbol, n);
          // Votes whose horizon ends at this close are scored before anyone votes again.
          score(symbol, n, bar.c);
          for (const m of members) m.onBar(symbol, bar);
          let list = checks.get(symbol);
          if (!list) checks.set(symbol, (list = []));
          let logOdds = 0;
          const words: string[] = [];
          members.forEach((m, i) => {
            const v = m.vote(symbol);
            if (v === 0) return;
            list.push({ member: i, direction: v, entry: bar.c, due: n + p.horizonBars });
            const w = weight(i);
            logOdds += v * w;
            if (w > 0) words.push(`${m.name} ${v > 0 ? 'up' : 'down'} (w ${w.toFixed(2)})`);
          });
          const probability = 1 / (1 + Math.exp(-Math.abs(logOdds)));
          const direction = probability >= p.minConfidence ? Math.sign(logOdds) : 0;
          const prev = last.get(symbol);
          // Re-emitted when the consensus changes side, and before the standing insight's horizon ends.
          if (prev && prev.direction === direction && (direction === 0 || n - prev.at < p.horizonBars - 1)) return;
          if (!prev && direction === 0) return;
          last.set(symbol, { direction, at: n });
          ctx.emitInsight({
            symbol,
            direction: direction > 0 ? 'up' : direction < 0 ? 'down' : 'flat',
            confidence: direction === 0 ? 0.5 : probability,
            horizonBars: p.horizonBars,
            reason:
              direction === 0
                ? `ensemble: no consensus on ${symbol} (probability ${probability.toFixed(2)} < ${p.minConfidence})`
                : `ensemble: ${direction > 0 ? 'up' : 'down'} ${probability.toFixed(2)} from ${words.join(', ')}`,
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
