import { seededRandom } from '../random.js';
import type { GbdtParams } from '../trees/gbdt.js';
import type { EvaluationReport } from './train-model.js';

/**
 * Hyperparameter search for boosted trees (the founding design's "neural architecture search", honestly named: a
 * random search over depth, leaves, learning rate, trees and subsampling), each trial scored by the same purged
 * walk-forward folds. The best of many trials is lucky by construction, so the winner's out-of-sample AUC is
 * deflated: minus the AUC a no-skill model would reach as the best of the same number of trials, i.e. the
 * expected maximum of N standard normals (Bailey and Lopez de Prado's approximation) times AUC's standard error
 * under no skill (Hanley and McNeil: sqrt((P + Q + 1) / (12 P Q)) for P positives and Q negatives).
 */
export interface SearchTrial {
  trial: number;
  params: Partial<GbdtParams>;
  auc: number;
}

export interface SearchResult {
  trials: SearchTrial[];
  best: SearchTrial;
  /** Best AUC minus the expected best of `trials` no-skill trials. */
  deflatedAuc: number;
  expectedMaxNoSkill: number;
}

/** Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Expected maximum of n independent standard normals (0 for one trial). */
export function expectedMaxNormal(n: number): number {
  if (n <= 1) return 0;
  const gamma = 0.5772156649015329;
  return (1 - gamma) * normalQuantile(1 - 1 / n) + gamma * normalQuantile(1 - 1 / (n * Math.E));
}

/** AUC's standard error when the model has no skill, for `pos` positives and `neg` negatives. */
export function noSkillAucError(pos: number, neg: number): number {
  return Math.sqrt((pos + neg + 1) / (12 * pos * neg));
}

/** The trials' parameters: a seeded random draw over depth, learning rate, trees, subsampling and leaf size. */
export function searchSpace(trials: number, seed: number): Array<Partial<GbdtParams>> {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: trials }, () => {
    const depth = pick([2, 3, 4, 5, 6]);
    return {
      maxDepth: depth, maxLeaves: 2 ** depth, learningRate: pick([0.01, 0.03, 0.05, 0.1, 0.2]), trees: pick([50, 100, 200, 400]),
      rowSubsample: pick([0.5, 0.7, 0.9, 1]), colSubsample: pick([0.5, 0.7, 0.9, 1]), minSamplesLeaf: pick([10, 20, 50, 100]), lambda: pick([0, 1, 5]),
    };
  });
}

/** Runs every trial through `evaluate` (purged walk-forward) and deflates the winner for their number. */
export async function searchGbdt(trials: number, seed: number, evaluate: (params: Partial<GbdtParams>, trial: number) => Promise<EvaluationReport>): Promise<SearchResult> {
  const results: SearchTrial[] = [];
  let pos = 0;
  let neg = 0;
  for (const [k, params] of searchSpace(trials, seed).entries()) {
    const r = await evaluate(params, k + 1);
    const oos = r.oos as { auc?: number; rows: number; baseRate?: number };
    if (oos.auc === undefined) throw new RangeError('search scores classifiers (AUC); use a direction or triple-barrier label');
    pos = Math.round((oos.baseRate ?? 0.5) * oos.rows);
    neg = oos.rows - pos;
    results.push({ trial: k + 1, params, auc: oos.auc });
  }
  const best = results.reduce((a, b) => (b.auc > a.auc ? b : a));
  const expectedMaxNoSkill = 0.5 + noSkillAucError(pos, neg) * expectedMaxNormal(trials);
  return { trials: results, best, deflatedAuc: best.auc - (expectedMaxNoSkill - 0.5), expectedMaxNoSkill };
}
