/**
 * What the histogram pool (hist-pool.ts) and its helper threads (hist-worker.ts) share. Every array is a view on a
 * SharedArrayBuffer; the control words of helper i sit at i * CONTROL_STRIDE. The pool writes START and END, then
 * bumps SEQ and wakes the helper; the helper builds its features' cells into `out` and stores SEQ into DONE.
 */
export const CONTROL_STRIDE = 8;
export const SEQ = 0;
export const DONE = 1;
export const START = 2;
export const END = 3;
export const QUIT = 4;

export interface HistWorkerData {
  binned: Uint8Array;
  features: number;
  cellStart: Int32Array;
  grad: Float64Array;
  hess: Float64Array;
  rows: Int32Array;
  control: Int32Array;
  /** One histogram's cells; each helper writes only the cells of its own features. */
  out: Float64Array;
  slot: number;
  fLo: number;
  fHi: number;
}
