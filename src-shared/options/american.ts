// American options by the integral-equation method of Andersen, Lake and Offengelden ("High-performance American
// option pricing", J. Comp. Finance 2016). The early-exercise boundary B(tau) of a put solves a fixed-point
// equation (their FP-B from smooth pasting, or FP-A from value matching); we represent H = ln(B/X)^2 by Chebyshev
// interpolation in sqrt(tau), iterate the equation at the collocation nodes with Gauss-Legendre quadrature, then price
//   P = P_european + integral_0^T [ r K e^{-r(T-u)} N(-d-) - q S e^{-q(T-u)} N(-d+) ] du   (early-exercise premium).
// Calls use McDonald-Schroder put-call symmetry: C(S, K, r, q) = P(K, S, q, r). The boundary is homogeneous in the
// strike, so it is solved once per (r, q, vol, T) for a unit strike and reused for every spot (delta and gamma bumps
// cost one quadrature each). Accuracy against a converged lattice is proven in tests/unit/options/american.test.ts.
// Speed (bench/options): everything that does not depend on (r, q, vol, T) is tabulated once per scheme (nodes,
// quadrature abscissae, the interpolant as a matrix), the normal CDF and density inside the integrals come from a
// table (normal-table.ts, 2e-9 absolute, no exponential), and FP-B needs two iterations where FP-A needed five.
import { bsmPrice } from './black-scholes.js';
import { gaussLegendre } from './gauss-legendre.js';
import { INV_SQRT_2PI } from './normal.js';
import { normCdfFast as normCdf, normPdfFast as normPdf } from './normal-table.js';
import { type Greeks, OptionsError } from './types.js';

/**
 * Chebyshev degree (n + 1 collocation nodes), boundary quadrature points, fixed-point iterations (the first
 * `newtonSteps` of them Jacobi-Newton steps), pricing points.
 */
export interface AloScheme {
  nodes: number;
  quadrature: number;
  iterations: number;
  pricing: number;
  newtonSteps?: number;
  /**
   * ALO's fixed-point equation: 'A' (value matching; stable), 'B' (smooth pasting; converges faster but is unstable at
   * high max(r, q) / vol^2), or 'auto' (B with this grid below AUTO_KAPPA, STEEP_SCHEME at and above it).
   */
  equation?: 'A' | 'B' | 'auto';
}

/**
 * The default: FP-B (which converges in two iterations) on a small grid wherever the drift is modest against the
 * variance, max(r, q) / vol^2 below AUTO_KAPPA; above it (low volatility, high rates) FP-B turns unstable, so FP-A on
 * a finer grid with five iterations takes over (ALO's FP-A is the stable one); where the total variance vol^2 T is
 * above AUTO_WIDE_VARIANCE (long, volatile options) the boundary spans more and a finer FP-B grid is used. All are held
 * within $0.001 of a 4,000-step lattice by tests/unit/options/american.test.ts, with cases in each regime.
 */
export const DEFAULT_SCHEME: AloScheme = { nodes: 5, quadrature: 6, iterations: 2, pricing: 12, equation: 'auto' };
/** What 'auto' uses where FP-B is unstable. */
export const STEEP_SCHEME: AloScheme = { nodes: 7, quadrature: 8, iterations: 5, pricing: 20, newtonSteps: 1, equation: 'A' };
/** What 'auto' uses for a large total variance. */
export const WIDE_SCHEME: AloScheme = { nodes: 7, quadrature: 8, iterations: 2, pricing: 16, equation: 'B' };
/** max(r, q) / vol^2 (of the put the option is priced as) at and above which 'auto' switches to STEEP_SCHEME. */
export const AUTO_KAPPA = 6;
/** vol^2 T above which 'auto' switches to WIDE_SCHEME. */
export const AUTO_WIDE_VARIANCE = 1.5;

const MAX_NODES = 32;

const MAX_POINTS = 256;

/**
 * Everything of a scheme that does not depend on (r, q, vol, T), computed once: the collocation nodes as fractions of
 * T, the sines and cosines and weights of the substitution u = tau sin^2(theta), and the Chebyshev interpolant written
 * as a matrix, so B(u) at every quadrature point is a dot product with the node values (no fit, no Clenshaw).
 */
interface SchemeTables {
  n: number;
  L: number;
  P: number;
  iterations: number;
  newton: number;
  fpB: boolean;
  /** tau_i / T and sqrt(tau_i / T) for nodes 0..n (node n is tau = 0). */
  frac: Float64Array;
  sqrtFrac: Float64Array;
  /** Per quadrature point j: sin^2, cos, and (pi/4) w_j 2 sin cos (times tau_i gives the weight in u). */
  sn2: Float64Array;
  cs: Float64Array;
  w: Float64Array;
  /** Row (i L + j): the interpolant's weights on node values 0..n-1 (node n always holds 0) at u_ij. */
  interp: Float64Array;
  /** The same three and the interpolation rows for the pricing rule over [0, T]. */
  pSn2: Float64Array;
  pCs: Float64Array;
  pW: Float64Array;
  pInterp: Float64Array;
}

const tablesByKey = new Map<number, SchemeTables>();
let lastScheme: AloScheme | undefined;
let lastTables: SchemeTables | undefined;

/** Weights w_i with f(x) = sum_i w_i f(cos(i pi / n)) for the degree-n interpolant through the Chebyshev extrema. */
function chebyshevRow(n: number, x: number, out: Float64Array, at: number): void {
  // Barycentric form (Berrut-Trefethen): weights (-1)^i, halved at the ends.
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const xi = Math.cos((i * Math.PI) / n);
    if (x === xi) {
      for (let k = 0; k < n; k++) out[at + k] = k === i ? 1 : 0;
      return;
    }
    sum += ((i % 2 === 0 ? 1 : -1) * (i === 0 || i === n ? 0.5 : 1)) / (x - xi);
  }
  for (let i = 0; i < n; i++) {
    const xi = Math.cos((i * Math.PI) / n);
    out[at + i] = ((i % 2 === 0 ? 1 : -1) * (i === 0 ? 0.5 : 1)) / (x - xi) / sum;
  }
}

function buildTables(s: AloScheme): SchemeTables {
  const n = Math.max(2, Math.min(MAX_NODES, Math.floor(s.nodes)));
  const L = Math.max(2, Math.min(MAX_POINTS, Math.floor(s.quadrature)));
  const P = Math.max(2, Math.min(MAX_POINTS, Math.floor(s.pricing)));
  const frac = new Float64Array(n + 1);
  const sqrtFrac = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    sqrtFrac[i] = (1 + Math.cos((i * Math.PI) / n)) / 2;
    frac[i] = sqrtFrac[i]! * sqrtFrac[i]!;
  }
  const rule = gaussLegendre(L);
  const sn2 = new Float64Array(L);
  const cs = new Float64Array(L);
  const w = new Float64Array(L);
  const sn = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    const theta = (Math.PI / 4) * (1 + rule.x[j]!);
    sn[j] = Math.sin(theta);
    cs[j] = Math.cos(theta);
    sn2[j] = sn[j]! * sn[j]!;
    w[j] = (Math.PI / 4) * rule.w[j]! * 2 * sn[j]! * cs[j]!;
  }
  const interp = new Float64Array(n * L * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < L; j++) chebyshevRow(n, 2 * sqrtFrac[i]! * sn[j]! - 1, interp, (i * L + j) * n);
  const pr = gaussLegendre(P);
  const pSn2 = new Float64Array(P);
  const pCs = new Float64Array(P);
  const pW = new Float64Array(P);
  const pInterp = new Float64Array(P * n);
  for (let j = 0; j < P; j++) {
    const theta = (Math.PI / 4) * (1 + pr.x[j]!);
    const psn = Math.sin(theta);
    pCs[j] = Math.cos(theta);
    pSn2[j] = psn * psn;
    pW[j] = (Math.PI / 4) * pr.w[j]! * 2 * psn * pCs[j]!;
    chebyshevRow(n, 2 * psn - 1, pInterp, j * n);
  }
  return { n, L, P, iterations: Math.max(0, Math.floor(s.iterations)), newton: s.newtonSteps ?? 1, fpB: s.equation === 'B' || s.equation === 'auto', frac, sqrtFrac, sn2, cs, w, interp, pSn2, pCs, pW, pInterp };
}

function tablesFor(s: AloScheme): SchemeTables {
  if (s === lastScheme && lastTables) return lastTables;
  const key = (((s.nodes * 1024 + s.quadrature) * 1024 + s.pricing) * 64 + s.iterations) * 64 + (s.newtonSteps ?? 1) + (s.equation === 'B' ? 1 : s.equation === 'auto' ? 2 : 0) * 2 ** 44;
  let t = tablesByKey.get(key);
  if (!t) {
    t = buildTables(s);
    tablesByKey.set(key, t);
  }
  lastScheme = s;
  lastTables = t;
  return t;
}

// Module-level scratch, reused by every call: pricing a chain allocates nothing.
const H = new Float64Array(MAX_NODES + 1);
const Hnext = new Float64Array(MAX_NODES + 1);

// Per (node, quadrature point), fixed while iterating: r e^{ru}, q e^{qu}, sigma sqrt(tau - u), weight in u.
const qEr = new Float64Array(MAX_NODES * MAX_POINTS);
const qEq = new Float64Array(MAX_NODES * MAX_POINTS);
const qSz = new Float64Array(MAX_NODES * MAX_POINTS);
const qW = new Float64Array(MAX_NODES * MAX_POINTS);
// Per pricing point of the last solved boundary: ln B(u), r e^{-r(T-u)}, q e^{-q(T-u)}, sigma sqrt(T-u), weight.
const pLnB = new Float64Array(MAX_POINTS);
const pDr = new Float64Array(MAX_POINTS);
const pDq = new Float64Array(MAX_POINTS);
const pSz = new Float64Array(MAX_POINTS);
const pW = new Float64Array(MAX_POINTS);

// The state of the last solved boundary, so repeated prices with the same (r, q, vol, T) skip the solve.
// Numbers live in a typed array: a double stored in a module `let` allocates a heap number on every write.
const STATE = new Float64Array(6);
const SOLVED_R = 0;
const SOLVED_Q = 1;
const SOLVED_VOL = 2;
const SOLVED_T = 3;
const LN_X = 4; // ln B(0+) of the unit-strike put
const LN_BT = 5; // ln B(T), below which the put is exercised now
STATE[SOLVED_R] = NaN;
let solvedTables: SchemeTables | undefined;

/**
 * e^x for the small arguments of the quadrature's discount factors (|x| = r u at most a few tenths): a degree-10
 * Taylor polynomial, within 1e-12 relative for |x| <= 0.5 and a third of Math.exp's cost; Math.exp beyond.
 */
function expSmall(x: number): number {
  if (x > 0.5 || x < -0.5) return Math.exp(x);
  return 1 + x * (1 + x * (1 / 2 + x * (1 / 6 + x * (1 / 24 + x * (1 / 120 + x * (1 / 720 + x * (1 / 5040 + x * (1 / 40320 + x * (1 / 362880 + x / 3628800)))))))));
}

/**
 * Li's QD+ boundary of a unit-strike put at tau (Li 2005, as used by Andersen-Lake-Offengelden): the root of
 *   f(S) = (1 - e^{-q tau} N(-d+)) S - beta (1 - S - p(S)) + alpha theta(S) / e^{-r tau},
 * with p and theta the European put and its theta, found by Halley's method from `start` (at most X).
 */
function qdPlusBoundary(r: number, q: number, vol: number, tau: number, X: number, start: number): number {
  const v2 = vol * vol;
  const v = vol * Math.sqrt(tau);
  const dr = Math.exp(-r * tau);
  const dq = Math.exp(-q * tau);
  const ddr = Math.abs(r * tau) > 1e-5 ? r / (1 - dr) : 1 / (tau * (1 - 0.5 * r * tau * (1 - (r * tau) / 3)));
  const omega = (2 * (r - q)) / v2;
  const root = Math.sqrt((omega - 1) * (omega - 1) + (8 * ddr) / v2);
  const lambda = 0.5 * (-(omega - 1) - root);
  const lambdaPrime = (2 * ddr * ddr) / (v2 * root);
  const alpha = (2 * dr) / (v2 * (2 * lambda + omega - 1));
  const beta = alpha * (ddr + lambdaPrime / (2 * lambda + omega - 1)) - lambda;
  const xMin = 1e-12;
  const lnRatio = Math.log(dq / dr);
  let x = start;
  for (let it = 0; it < 50; it++) {
    const dp = (Math.log(x) + lnRatio) / v + 0.5 * v;
    const dm = dp - v;
    const nDp = normCdf(-dp);
    const nDm = normCdf(-dm);
    const pdf = normPdf(dp);
    const npv = dr * nDm - x * dq * nDp;
    const theta = r * dr * nDm - q * x * dq * nDp - ((v2 * x) / (2 * v)) * dq * pdf;
    const charm = -dq * (pdf * ((r - q) / v - dm / (2 * tau)) + q * nDp);
    const fx = (1 - dq * nDp) * x - beta * (1 - x - npv) + (alpha * theta) / dr;
    const f1 = 1 - dq * nDp + (dq * pdf) / v + beta * (1 - dq * nDp) + (alpha / dr) * charm;
    const gamma = (pdf * dq) / (v * x);
    const colour = gamma * (q + ((r - q) * dp) / v + (1 - dp * dm) / (2 * tau));
    const f2 = dq * (pdf / (x * v) - (pdf * dp) / (x * v * v)) + beta * gamma + (alpha / dr) * colour;
    const lf = (fx * f2) / (f1 * f1);
    const step = (1 / (1 - 0.5 * lf)) * (fx / f1);
    const next = Math.max(xMin, x - step);
    if (!Number.isFinite(next)) break;
    // A starting point for the fixed-point iterations: 1e-6 of the strike is far below what they correct.
    const done = Math.abs(next - x) < 1e-6;
    x = next;
    if (done) break;
  }
  return Math.min(x, X);
}

// Inputs and outputs of `integrals` pass through this array: doubles passed to or returned from a call V8 does not
// inline are boxed on the heap, and this loop runs a few hundred times per price.
const SCRATCH = new Float64Array(6);
const MU_MINUS = 0;
const V2 = 1;
const Q = 2;
const ROOT_H = 3;
const NUM = 4;
const DEN = 5;

/**
 * The integral terms of FP-A's N and D at node i, over u = tau sin^2(theta):
 *   N += r int e^{ru} N(d-(tau - u, B(tau)/B(u))) du,  D += q int e^{qu} N(d+(tau - u, B(tau)/B(u))) du.
 * Kept in its own function so the two normal CDFs in its loop are inlined (a small function has its own budget).
 */
function integrals(t: SchemeTables, i: number): void {
  const muMinus = SCRATCH[MU_MINUS]!;
  const v2 = SCRATCH[V2]!;
  const q = SCRATCH[Q]!;
  const rootH = SCRATCH[ROOT_H]!;
  const n = t.n;
  const L = t.L;
  const interp = t.interp;
  let num = 0;
  let den = 0;
  const base = i * L;
  for (let j = 0; j < L; j++) {
    const k = base + j;
    // H(u) = ln(B(u)/X)^2 from the interpolation row: a dot product with the node values.
    let hu = 0;
    const row = k * n;
    for (let c = 0; c < n; c++) hu += interp[row + c]! * H[c]!;
    const lnRatio = Math.sqrt(hu > 0 ? hu : 0) - rootH; // ln(B(tau) / B(u))
    const sz = qSz[k]!;
    const dmu = (lnRatio + (muMinus * sz * sz) / v2) / sz;
    const w = qW[k]!;
    num += qEr[k]! * normCdf(dmu) * w;
    if (q !== 0) den += qEq[k]! * normCdf(dmu + sz) * w;
  }
  SCRATCH[NUM] = num;
  SCRATCH[DEN] = den;
}

/**
 * FP-B's integral terms at node i (ALO's smooth-pasting form), over the same substitution:
 *   N += r int e^{ru} phi(d-) / (sigma sqrt(tau - u)) du,
 *   D += q int e^{qu} [N(d+) + phi(d+) / (sigma sqrt(tau - u))] du,
 * with d+- = d+-(tau - u, B(tau)/B(u)).
 */
function integralsB(t: SchemeTables, i: number): void {
  const muMinus = SCRATCH[MU_MINUS]!;
  const v2 = SCRATCH[V2]!;
  const q = SCRATCH[Q]!;
  const rootH = SCRATCH[ROOT_H]!;
  const n = t.n;
  const L = t.L;
  const interp = t.interp;
  let num = 0;
  let den = 0;
  const base = i * L;
  for (let j = 0; j < L; j++) {
    const k = base + j;
    let hu = 0;
    const row = k * n;
    for (let c = 0; c < n; c++) hu += interp[row + c]! * H[c]!;
    const lnRatio = Math.sqrt(hu > 0 ? hu : 0) - rootH;
    const sz = qSz[k]!;
    const dmu = (lnRatio + (muMinus * sz * sz) / v2) / sz;
    const w = qW[k]! / sz;
    num += qEr[k]! * normPdf(dmu) * w;
    if (q !== 0) {
      const dpu = dmu + sz;
      den += qEq[k]! * (normCdf(dpu) * qW[k]! + normPdf(dpu) * w);
    }
  }
  SCRATCH[NUM] = num;
  SCRATCH[DEN] = den;
}

/** Solves the exercise boundary of a unit-strike put (r > 0) and prepares the pricing quadrature. */
function solveBoundary(r: number, q: number, vol: number, T: number, t: SchemeTables): void {
  if (r === STATE[SOLVED_R] && q === STATE[SOLVED_Q] && vol === STATE[SOLVED_VOL] && T === STATE[SOLVED_T] && t === solvedTables) return;
  const n = t.n;
  const L = t.L;
  const sqrtT = Math.sqrt(T);
  const v2 = vol * vol;
  const muMinus = r - q - 0.5 * v2;
  // B(0+) = K min(1, r/q): above it exercising a put is never optimal even an instant before expiry.
  const X = q > r ? r / q : 1;
  const lnX = Math.log(X);
  STATE[LN_X] = lnX;
  // Start from Li's QD+ approximation of the boundary at each node (the paper's choice), from the shortest expiry
  // outwards so each Halley search starts at its neighbour's root.
  H[n] = 0;
  let guess = X;
  for (let i = n - 1; i >= 0; i--) {
    guess = qdPlusBoundary(r, q, vol, T * t.frac[i]!, X, guess);
    const l = guess >= X ? 0 : Math.log(guess / X);
    H[i] = l * l;
  }
  // u = tau sin^2(theta), theta in [0, pi/2]: sqrt(u) and sqrt(tau - u) are both smooth in theta, so the square-root
  // behaviour of the boundary at u = 0 and of the kernel at u = tau costs Gauss-Legendre nothing.
  for (let i = 0; i < n; i++) {
    const tau = T * t.frac[i]!;
    const volRootTau = vol * sqrtT * t.sqrtFrac[i]!;
    for (let j = 0; j < L; j++) {
      const k = i * L + j;
      const u = tau * t.sn2[j]!;
      qEr[k] = r * expSmall(r * u);
      qEq[k] = q === 0 ? 0 : q * expSmall(q * u);
      qSz[k] = volRootTau * t.cs[j]!;
      qW[k] = tau * t.w[j]!;
    }
  }
  SCRATCH[MU_MINUS] = muMinus;
  SCRATCH[V2] = v2;
  SCRATCH[Q] = q;
  for (let it = 0; it < t.iterations; it++) {
    for (let i = 0; i < n; i++) {
      const tau = T * t.frac[i]!;
      const vt = vol * sqrtT * t.sqrtFrac[i]!;
      const rootH = Math.sqrt(H[i]!);
      const lnB = lnX - rootH;
      const dm = (lnB + muMinus * tau) / vt;
      const dp = dm + vt;
      SCRATCH[ROOT_H] = rootH;
      let num: number;
      let den: number;
      if (t.fpB) {
        integralsB(t, i);
        num = normPdf(dm) / vt + SCRATCH[NUM]!;
        den = normPdf(dp) / vt + normCdf(dp) + SCRATCH[DEN]!;
      } else {
        integrals(t, i);
        num = normCdf(dm) + SCRATCH[NUM]!;
        den = normCdf(dp) + SCRATCH[DEN]!;
      }
      const alpha = Math.exp(-(r - q) * tau);
      let next = alpha * (num / den);
      if (!t.fpB && it < t.newton) {
        // A Jacobi-Newton step (the paper's section 4.5): Newton on B = f(B) at each node, holding the integrals
        // fixed; only the closed-form terms of N and D move with B(tau). It cuts the naive iterations needed.
        const B = Math.exp(lnB);
        const nd = (INV_SQRT_2PI * Math.exp(-0.5 * dm * dm)) / (B * vt);
        const dd = (INV_SQRT_2PI * Math.exp(-0.5 * dp * dp)) / (B * vt);
        const fd = alpha * (nd / den - (dd * num) / (den * den));
        const stepped = B - (next - B) / (fd - 1);
        if (stepped > 0 && Number.isFinite(stepped)) next = stepped;
      }
      const l = next >= X ? 0 : Math.log(next / X);
      Hnext[i] = l * l;
    }
    for (let i = 0; i < n; i++) H[i] = Hnext[i]!;
  }
  STATE[LN_BT] = lnX - Math.sqrt(H[0]!);
  const P = t.P;
  // The premium integral over u in [0, T] with the same substitution u = T sin^2(theta); T - u = T cos^2(theta).
  for (let j = 0; j < P; j++) {
    let hu = 0;
    const row = j * n;
    for (let c = 0; c < n; c++) hu += t.pInterp[row + c]! * H[c]!;
    const cs = t.pCs[j]!;
    const left = T * cs * cs;
    pLnB[j] = lnX - Math.sqrt(hu > 0 ? hu : 0);
    pDr[j] = r * expSmall(-r * left);
    pDq[j] = q === 0 ? 0 : q * expSmall(-q * left);
    pSz[j] = vol * sqrtT * cs;
    pW[j] = T * t.pW[j]!;
  }
  STATE[SOLVED_R] = r;
  STATE[SOLVED_Q] = q;
  STATE[SOLVED_VOL] = vol;
  STATE[SOLVED_T] = T;
  solvedTables = t;
}

/** A unit-strike put at spot m from the solved boundary. */
function putFromBoundary(m: number, r: number, q: number, vol: number, T: number, t: SchemeTables): number {
  const lnM = Math.log(m);
  if (lnM <= STATE[LN_BT]!) return 1 - m; // at or beyond the boundary: exercise now
  const muMinus = r - q - 0.5 * vol * vol;
  let premium = 0;
  const P = t.P;
  for (let j = 0; j < P; j++) {
    const sz = pSz[j]!;
    const dm = (lnM - pLnB[j]! + (muMinus * sz * sz) / (vol * vol)) / sz;
    const dq = pDq[j]!;
    premium += (pDr[j]! * normCdf(-dm) - (dq === 0 ? 0 : m * dq * normCdf(-dm - sz))) * pW[j]!;
  }
  const v = bsmPrice(false, m, 1, T, r, q, vol) + premium;
  return v > 1 - m ? v : 1 - m;
}

/** The concrete scheme 'auto' picks for a put with rate r and yield q (after the call-put symmetry). */
function resolveScheme(scheme: AloScheme, r: number, q: number, vol: number, years: number): AloScheme {
  if (scheme.equation !== 'auto') return scheme;
  const v2 = vol * vol;
  if ((r > q ? r : q) >= AUTO_KAPPA * v2) return STEEP_SCHEME;
  if (v2 * years > AUTO_WIDE_VARIANCE) return WIDE_SCHEME;
  return scheme;
}

/**
 * American price (no validation, no allocation). Inputs must be valid. Throws OPTION_UNSUPPORTED only where the
 * method does not apply: negative rates with a yield below them (two exercise boundaries).
 */
export function americanPrice(isCall: boolean, spot: number, strike: number, years: number, rate: number, dividend: number, vol: number, scheme: AloScheme = DEFAULT_SCHEME): number {
  // Symmetry: a call is a put with spot and strike swapped and rate and yield swapped.
  const S = isCall ? strike : spot;
  const K = isCall ? spot : strike;
  const r = isCall ? dividend : rate;
  const q = isCall ? rate : dividend;
  if (r <= 0) {
    if (r < 0 && q < r) {
      throw new OptionsError('OPTION_UNSUPPORTED', `an American ${isCall ? 'call' : 'put'} with rate ${rate} and dividend ${dividend} has two exercise boundaries, which this pricer does not model`);
    }
    // Waiting is never worse: the American option is worth its European value.
    const e = bsmPrice(isCall, spot, strike, years, rate, dividend, vol);
    const intrinsic = isCall ? spot - strike : strike - spot;
    return e > intrinsic ? e : intrinsic;
  }
  const t = tablesFor(resolveScheme(scheme, r, q, vol, years));
  solveBoundary(r, q, vol, years, t);
  const v = K * putFromBoundary(S / K, r, q, vol, years, t);
  return v > K - S ? v : K - S; // exactly the intrinsic value where exercise is optimal, not K (1 - S/K)
}

const DAYS_PER_YEAR = 365;

/**
 * American price and greeks (Alpaca's units). Delta and gamma by central differences in the spot over one boundary;
 * vega, theta and rho by central differences of re-solved prices (the method is smooth in its parameters).
 */
export function americanInto(isCall: boolean, spot: number, strike: number, years: number, rate: number, dividend: number, vol: number, out: Greeks, requested: AloScheme = DEFAULT_SCHEME): Greeks {
  // One concrete scheme for the price and every bump, so no difference straddles a switch between 'auto's regimes.
  const scheme = resolveScheme(requested, isCall ? dividend : rate, isCall ? rate : dividend, vol, years);
  const price = americanPrice(isCall, spot, strike, years, rate, dividend, vol, scheme);
  const h = spot * 1e-3;
  const up = americanPrice(isCall, spot + h, strike, years, rate, dividend, vol, scheme);
  const down = americanPrice(isCall, spot - h, strike, years, rate, dividend, vol, scheme);
  out.price = price;
  out.delta = (up - down) / (2 * h);
  out.gamma = (up - 2 * price + down) / (h * h);
  const dv = 1e-4;
  out.vega = ((americanPrice(isCall, spot, strike, years, rate, dividend, vol + dv, scheme) - americanPrice(isCall, spot, strike, years, rate, dividend, vol - dv, scheme)) / (2 * dv)) * 0.01;
  const dt = Math.min(1e-4, years * 0.25);
  out.theta = (americanPrice(isCall, spot, strike, years - dt, rate, dividend, vol, scheme) - americanPrice(isCall, spot, strike, years + dt, rate, dividend, vol, scheme)) / (2 * dt) / DAYS_PER_YEAR;
  const dr = 1e-4;
  out.rho = ((americanPrice(isCall, spot, strike, years, rate + dr, dividend, vol, scheme) - americanPrice(isCall, spot, strike, years, rate - dr, dividend, vol, scheme)) / (2 * dr)) * 0.01;
  return out;
}
