/**
 * Splits a whole-share quantity over weights by largest remainder: the parts are whole, sum exactly to the
 * total, and follow the weights as closely as whole shares allow (ties go to the earlier slice).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`quantity must be a whole number of shares, got ${total}`);
  if (weights.length === 0) throw new Error('at least one slice is needed');
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new Error('weights must be finite and non-negative');
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? weights.map((w) => w / sum) : weights.map(() => 1 / weights.length);
  const parts = shares.map((s) => Math.floor(s * total));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, rest: s * total - Math.floor(s * total) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/** Cumulative target of a sliced schedule at `elapsed`: slice k (0-based) is due at k x duration / slices. */
export function scheduledTarget(parts: readonly number[], durationMs: number, elapsedMs: number): number {
  const slice = durationMs / parts.length;
  const due = Math.min(parts.length, Math.floor(elapsedMs / slice) + 1);
  let target = 0;
  for (let k = 0; k < due; k += 1) target += parts[k] ?? 0;
  return target;
}

/** POV: the whole shares owed after `observed` traded volume at `participation`, capped at the total. */
export function participationTarget(observed: number, participation: number, total: number): number {
  return Math.min(total, Math.floor(observed * participation + 1e-9));
}
