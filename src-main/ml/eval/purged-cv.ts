/**
 * Purged walk-forward cross-validation (Lopez de Prado, Advances in Financial Machine Learning, ch. 7). Rows are in
 * time order; each carries the time of its bar (`start`) and of the last bar its label reads (`end`). The rows are
 * cut into folds+1 consecutive blocks; fold k tests on block k and trains on rows before it (walk-forward: the
 * model never sees the future of its test) or on every other block ('kfold'). Purging drops every training row
 * whose label window [start, end] overlaps the test window [first test start, last test end]; the embargo also
 * drops rows next to the test block (after it in k-fold, where serially correlated features would
 * leak back: the first `embargo` rows after the test window; before it in walk-forward, as a gap between the last
 * training bar and the first test bar).
 */
export interface Fold {
  index: number;
  train: Int32Array;
  test: Int32Array;
  /** Test window (epoch ms): first test bar to the last bar a test label reads. */
  testStart: number;
  testEnd: number;
  purged: number;
  embargoed: number;
}

export interface CvOptions {
  folds: number;
  /** Rows embargoed beside each test block, as a fraction of all rows (0.01 is usual). */
  embargo: number;
  mode: 'walk-forward' | 'kfold';
}

export function purgedFolds(start: Float64Array, end: Float64Array, o: CvOptions): Fold[] {
  const n = start.length;
  if (!(Number.isInteger(o.folds) && o.folds >= 1)) throw new RangeError('folds must be a whole number of at least 1');
  if (!(o.embargo >= 0 && o.embargo < 0.5)) throw new RangeError('embargo must be a fraction from 0 to 0.5');
  const blocks = o.mode === 'walk-forward' ? o.folds + 1 : o.folds;
  if (n < 2 * blocks) throw new RangeError(`${n} rows are too few for ${o.folds} folds`);
  const bound = (b: number) => Math.floor((b * n) / blocks);
  const embargoRows = Math.ceil(o.embargo * n);
  const folds: Fold[] = [];
  for (let b = o.mode === 'walk-forward' ? 1 : 0; b < blocks; b++) {
    const lo = bound(b);
    const hi = bound(b + 1); // exclusive
    let testEnd = -Infinity;
    for (let i = lo; i < hi; i++) testEnd = Math.max(testEnd, end[i]!);
    const testStart = start[lo]!;
    // embargo: the first `embargoRows` rows that start after the test window (k-fold), or the rows just before the
    // block (walk-forward)
    let firstAfter = hi;
    while (firstAfter < n && start[firstAfter]! <= testEnd) firstAfter++;
    const afterUntil = start[Math.min(n - 1, firstAfter + embargoRows - 1)]!;
    const beforeFrom = start[Math.max(0, lo - embargoRows)]!;
    const train: number[] = [];
    let purged = 0;
    let embargoed = 0;
    const last = o.mode === 'walk-forward' ? lo : n;
    for (let i = 0; i < last; i++) {
      if (i >= lo && i < hi) continue;
      if (start[i]! <= testEnd && end[i]! >= testStart) {
        purged++;
        continue;
      }
      const inEmbargo = embargoRows > 0 && (o.mode === 'kfold' ? start[i]! > testEnd && start[i]! <= afterUntil : start[i]! >= beforeFrom);
      if (inEmbargo) {
        embargoed++;
        continue;
      }
      train.push(i);
    }
    folds.push({ index: folds.length, train: Int32Array.from(train), test: Int32Array.from({ length: hi - lo }, (_, k) => lo + k), testStart, testEnd, purged, embargoed });
  }
  return folds;
}

/**
 * Splits training rows (time order) into a fitting part and a validation tail for early stopping, purged the same
 * way: a fitting row whose label reaches into the validation window is dropped.
 */
export function purgedValidationSplit(rows: Int32Array, start: Float64Array, end: Float64Array, fraction: number): { fit: Int32Array; valid: Int32Array } {
  const cut = Math.floor(rows.length * (1 - fraction));
  const valid = rows.slice(cut);
  if (valid.length === 0) return { fit: rows, valid };
  const validStart = start[valid[0]!]!;
  const fit = rows.slice(0, cut).filter((i) => end[i]! < validStart);
  return { fit, valid };
}
