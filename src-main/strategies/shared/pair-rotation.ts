import { selectPairs, type PairCandidate, type PairSelectionOptions } from '../../kernel/stats/pair-selection.js';
import type { CloseHistory } from './close-history.js';
import { sharesFor } from './rebalancer.js';

/** A pair a strategy trades: the candidate it was chosen as and the side of its spread (1 long, -1 short, 0 flat). */
export interface HeldPair {
  pair: PairCandidate;
  side: number;
  beta: number;
}

export const pairKey = (pair: PairCandidate): string => `${pair.y}/${pair.x}`;

/**
 * One reselection shared by the daily and the intraday pairs strategies: the log closes of every symbol whose latest
 * bar is at `t` and which has `formation` of them go through the Engle-Granger selection; pairs with an open position
 * stay, and the best new candidates fill the free places, no symbol in two pairs. `carry` makes the held form of a
 * candidate, given the one already traded under the same key (if any), so each strategy keeps its own state.
 */
export function rotatePairs<A extends HeldPair>(
  history: CloseHistory,
  universe: readonly string[],
  t: number,
  options: PairSelectionOptions & { formation: number; maxPairs: number },
  active: readonly A[],
  carry: (candidate: PairCandidate, same: A | undefined) => A,
): A[] {
  const windows = new Map<string, number[]>();
  for (const s of universe) {
    if (history.length(s) >= options.formation && history.lastTime(s) === t) windows.set(s, history.lastCloses(s, options.formation).map(Math.log));
  }
  const kept = active.filter((a) => a.side !== 0);
  const busy = new Set(kept.flatMap((a) => [a.pair.y, a.pair.x]));
  const next = [...kept];
  for (const c of selectPairs(windows, options)) {
    if (next.length >= options.maxPairs) break;
    if (busy.has(c.y) || busy.has(c.x)) continue;
    busy.add(c.y);
    busy.add(c.x);
    next.push(carry(c, active.find((a) => pairKey(a.pair) === pairKey(c))));
  }
  return next;
}

/**
 * Share targets for the open pairs: each pair gets `investFraction / maxPairs` of equity gross, split between its legs
 * by the hedge ratio (y long and x short for side 1). With `longOnly`, a leg that would be short is left out.
 */
export function pairTargets(
  active: readonly HeldPair[],
  history: Pick<CloseHistory, 'close'>,
  equity: number,
  sizing: { investFraction: number; maxPairs: number; longOnly: boolean },
): Map<string, number> {
  const targets = new Map<string, number>();
  const notional = sizing.investFraction / sizing.maxPairs;
  for (const a of active) {
    if (a.side === 0) continue;
    const b = Math.abs(a.beta);
    const yShares = sharesFor((a.side * notional) / (1 + b), equity, history.close(a.pair.y));
    const xShares = sharesFor((-a.side * Math.sign(a.beta) * notional * b) / (1 + b), equity, history.close(a.pair.x));
    if (!sizing.longOnly || yShares > 0) targets.set(a.pair.y, yShares);
    if (!sizing.longOnly || xShares > 0) targets.set(a.pair.x, xShares);
  }
  return targets;
}
