import { smaBatch } from '../kernel/indicators/sma.js';

/**
 * The SMA series of a whole column, bit for bit equal to `smaBatch` (the exactly-rounded window sum divided by the
 * period), at a few nanoseconds a value instead of the streaming indicator's exact-expansion update.
 *
 * Why it is exact: every finite float64 in the column is an integer multiple of 2^E, where E is the smallest exponent
 * of a lowest set bit in the column, so x = k * 2^E with k an integer. Split k = kh * 2^S + kl (0 <= kl < 2^S). When the
 * column's magnitudes span few enough binades, every window sum of kh and of kl stays below 2^53, so the rolling
 * sums `+ new - old` are exact integer arithmetic in float64. The window's exact sum is then (SH * 2^S + SL) * 2^E;
 * SH * 2^S and SL are exact doubles, one IEEE addition rounds their sum correctly (round-half-even, like
 * ExactSum.value()), and the power-of-two scale is exact in the normal range. Columns outside those bounds (a
 * non-finite value, too wide a range of magnitudes, values near the ends of the exponent range) go to smaBatch.
 */
export function exactSmaSeries(values: Float64Array, period: number): Float64Array {
  return exactSmaSeriesMany(values, [period])[0]!;
}

/**
 * Several SMA series of one column (an optimisation sweep's distinct periods), splitting the column once: a split
 * that keeps the sums exact for the longest period keeps them exact for every shorter one. `allocate` makes each
 * output (shared memory for a sweep's workers); the results are in the order of `periods`.
 */
export function exactSmaSeriesMany(values: Float64Array, periods: readonly number[], allocate: (length: number) => Float64Array = (n) => new Float64Array(n)): Float64Array[] {
  const n = values.length;
  const valid = periods.filter((p) => Number.isInteger(p) && p >= 1);
  const plan = n > 0 && valid.length > 0 ? planSplit(values, valid.reduce((a, b) => Math.max(a, b))) : undefined;
  if (plan === undefined) {
    return periods.map((period) => {
      const out = allocate(n);
      out.set(smaBatch(values, period));
      return out;
    });
  }
  const { e, s } = plan;
  const toInt = pow2(-e);
  const splitUp = pow2(s);
  const splitDown = pow2(-s);
  const hi = new Float64Array(n);
  const lo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = values[i]! * toInt;
    const kh = Math.floor(k * splitDown);
    hi[i] = kh;
    lo[i] = k - kh * splitUp;
  }
  return periods.map((period) => {
    if (!Number.isInteger(period) || period < 1) return smaBatch(values, period); // throws the indicator's error
    return rollingSma(hi, lo, period, pow2(e), splitUp, allocate(n));
  });
}

function rollingSma(hi: Float64Array, lo: Float64Array, period: number, fromInt: number, splitUp: number, out: Float64Array): Float64Array {
  const n = hi.length;
  let sh = 0;
  let sl = 0;
  const warm = Math.min(period - 1, n);
  for (let i = 0; i < warm; i++) {
    sh += hi[i]!;
    sl += lo[i]!;
    out[i] = NaN;
  }
  for (let i = warm; i < n; i++) {
    sh += hi[i]!;
    sl += lo[i]!;
    out[i] = ((sh * splitUp + sl) * fromInt) / period;
    const j = i - period + 1;
    sh -= hi[j]!;
    sl -= lo[j]!;
  }
  return out;
}

/**
 * Whether a column takes the fast path (for tests and the benchmark's notes).
 */
/**
 * The lowest-set-bit exponent E and the split S for a column, or undefined when the integer sums could leave float64's exact
 * range. `bits` of k = (largest leading exponent + 1) - E; (period + 1) terms of below 2^B sum to below 2^(B + L).
 */
export function fastSmaApplies(values: Float64Array, period: number): boolean {
  return Number.isInteger(period) && period >= 1 && values.length > 0 && planSplit(values, period) !== undefined;
}

function planSplit(values: Float64Array, period: number): { e: number; s: number } | undefined {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const highWord = littleEndian ? 1 : 0;
  let minUlp = Infinity;
  let maxLead = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const biased = (words[2 * i + highWord]! >>> 20) & 0x7ff;
    if (biased === 0x7ff) return undefined; // NaN or infinity: the streaming path tracks those.
    if (values[i] === 0) continue;
    if (biased === 0) return undefined; // subnormal
    // The exponent of the lowest set bit of the significand: x is an integer multiple of 2^low.
    const lowWord = words[2 * i + (1 - highWord)]!;
    const highBits = words[2 * i + highWord]! & 0xfffff;
    const zeros = lowWord !== 0 ? 31 - Math.clz32(lowWord & -lowWord) : highBits !== 0 ? 32 + 31 - Math.clz32(highBits & -highBits) : 52;
    const low = biased - 1075 + zeros;
    const lead = biased - 1023;
    if (low < minUlp) minUlp = low;
    if (lead > maxLead) maxLead = lead;
  }
  if (minUlp === Infinity) return { e: 0, s: 26 }; // all zeros
  const l = 32 - Math.clz32(period + 1);
  const bits = maxLead + 1 - minUlp;
  const s = 53 - l;
  if (bits - s + l > 53) return undefined;
  // Keep every intermediate (k, the sums, the scaled result) well inside the normal range.
  if (minUlp < -960 || maxLead + l > 960) return undefined;
  return { e: minUlp, s };
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Scratch of pow2: one view for every call (a new ArrayBuffer per call was a warm scan's most frequent allocation). */
const pow2View = new DataView(new ArrayBuffer(8));

/** 2^k for an integer k in the normal range, built from its bits (exact by construction). */
function pow2(k: number): number {
  const view = pow2View;
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}
