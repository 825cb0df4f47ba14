import { CodedError } from '../../../src-shared/ipc/errors.js';

/**
 * Hierarchical risk parity (Lopez de Prado, 2016): cluster the assets by correlation distance (single linkage on the
 * distances between their distance profiles), order them so similar assets sit together, then split the weight
 * top-down between the two halves of each cluster in inverse proportion to their variances. No matrix inversion,
 * so it stays sensible where the covariance is nearly singular.
 */
export function hierarchicalRiskParity(cov: Float64Array, p: number): { weights: Float64Array; order: number[] } {
  if (cov.length !== p * p || p < 1) throw new CodedError('BAD_REQUEST', `the covariance must be ${p} x ${p}`);
  const sd = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    if (!(cov[i * p + i]! > 0)) throw new CodedError('BAD_REQUEST', `asset ${i + 1} has no variance: drop it or give it a history`);
    sd[i] = Math.sqrt(cov[i * p + i]!);
  }
  const order = quasiDiagonalOrder(cov, p, sd);
  const weights = new Float64Array(p).fill(1);
  const bisect = (items: number[]): void => {
    if (items.length < 2) return;
    const half = items.length >> 1;
    const left = items.slice(0, half);
    const right = items.slice(half);
    const vl = clusterVariance(cov, p, left);
    const vr = clusterVariance(cov, p, right);
    const alpha = 1 - vl / (vl + vr);
    for (const i of left) weights[i]! *= alpha;
    for (const i of right) weights[i]! *= 1 - alpha;
    bisect(left);
    bisect(right);
  };
  bisect(order);
  return { weights, order };
}

/** The variance of a cluster held in inverse-variance weights. */
function clusterVariance(cov: Float64Array, p: number, items: readonly number[]): number {
  let total = 0;
  for (const i of items) total += 1 / cov[i * p + i]!;
  let v = 0;
  for (const i of items) for (const j of items) v += ((1 / cov[i * p + i]!) * (1 / cov[j * p + j]!) * cov[i * p + j]!) / (total * total);
  return v;
}

/** Leaves of the single-linkage dendrogram, each merge listing its lower-numbered cluster first (as SciPy numbers them). */
function quasiDiagonalOrder(cov: Float64Array, p: number, sd: Float64Array): number[] {
  const d = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const rho = Math.max(-1, Math.min(1, cov[i * p + j]! / (sd[i]! * sd[j]!)));
      d[i * p + j] = Math.sqrt(Math.max(0, 0.5 * (1 - rho)));
    }
  }
  // Distance between distance profiles: assets close to the same others are close.
  const dd = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) {
        const e = d[k * p + i]! - d[k * p + j]!;
        s += e * e;
      }
      dd[i * p + j] = dd[j * p + i] = Math.sqrt(s);
    }
  }
  interface Cluster {
    id: number;
    members: number[];
  }
  let clusters: Cluster[] = Array.from({ length: p }, (_, i) => ({ id: i, members: [i] }));
  let nextId = p;
  // Single linkage: the distance between clusters is their closest pair; merge the closest two until one is left.
  while (clusters.length > 1) {
    let best = Infinity;
    let a = 0;
    let b = 1;
    for (let x = 0; x < clusters.length; x++) {
      for (let y = x + 1; y < clusters.length; y++) {
        let link = Infinity;
        for (const i of clusters[x]!.members) for (const j of clusters[y]!.members) link = Math.min(link, dd[i * p + j]!);
        if (link < best) {
          best = link;
          a = x;
          b = y;
        }
      }
    }
    const [first, second] = clusters[a]!.id < clusters[b]!.id ? [clusters[a]!, clusters[b]!] : [clusters[b]!, clusters[a]!];
    const merged = { id: nextId++, members: first.members.concat(second.members) };
    clusters = clusters.filter((_, k) => k !== a && k !== b);
    clusters.push(merged);
  }
  return clusters[0]!.members;
}
