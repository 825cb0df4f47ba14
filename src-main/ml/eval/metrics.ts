/**
 * Out-of-sample scores. AUC is the Mann-Whitney probability that a random positive scores above a random negative
 * (ties count half); accuracy thresholds the probability at 0.5; log-loss clips probabilities to [1e-15, 1-1e-15];
 * the information coefficient is the Spearman rank correlation of prediction and realised value (regression).
 */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  const ranks = averageRanks(p);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (y[i]! > 0.5) {
      pos++;
      rankSum += ranks[i]!;
    }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if ((p[i]! >= 0.5 ? 1 : 0) === (y[i]! > 0.5 ? 1 : 0)) ok++;
  return y.length > 0 ? ok / y.length : NaN;
}

export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-15), 1 - 1e-15);
    s -= y[i]! > 0.5 ? Math.log(q) : Math.log(1 - q);
  }
  return y.length > 0 ? s / y.length : NaN;
}

/** 1-based ranks, ties sharing their average rank. */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && v[order[j + 1]!] === v[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Information coefficient: Spearman's rank correlation. */
export function informationCoefficient(y: ArrayLike<number>, p: ArrayLike<number>): number {
  return pearson(averageRanks(y), averageRanks(p));
}

export interface ClassificationMetrics {
  rows: number;
  auc: number;
  accuracy: number;
  logLoss: number;
  /** Share of positives: the accuracy of always answering the majority is max(base, 1 - base). */
  baseRate: number;
}

export interface RegressionMetrics {
  rows: number;
  ic: number;
  rmse: number;
}

export function classificationMetrics(y: ArrayLike<number>, p: ArrayLike<number>): ClassificationMetrics {
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i]! > 0.5) pos++;
  return { rows: y.length, auc: auc(y, p), accuracy: accuracy(y, p), logLoss: logLoss(y, p), baseRate: y.length ? pos / y.length : NaN };
}

export function regressionMetrics(y: ArrayLike<number>, p: ArrayLike<number>): RegressionMetrics {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return { rows: y.length, ic: informationCoefficient(y, p), rmse: Math.sqrt(s / y.length) };
}
