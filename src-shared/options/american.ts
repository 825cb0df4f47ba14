// American options by the integral-equation method of Andersen, Lake and Offengelden ("High-performance American
// option pricing", J. Comp. Finance 2016). The early-exercise boundary B(tau) of a put solves a fixed-point
// equation (their FP-A, from value matching); we represent H = ln(B/X)^2 by Chebyshev interpolation in sqrt(tau),
// iterate the equation at the collocation nodes with Gauss-Legendre quadrature, then price
//   P = P_european + integral_0^T [ r K e^{-r(T-u)} N(-d-) - q S e^{-q(T-u)} N(-d+) ] du   (early-exercise premium).
// Calls use McDonald-Schroder put-call symmetry: C(S, K, r, q) = P(K, S, q, r). The boundary is homogeneous in the
// strike, so it is solved once per (r, q, vol, T) for a unit strike and reused for every spot (delta and gamma bumps
// cost one quadrature each). Accuracy against a converged lattice is proven in tests/unit/options/american.test.ts.
import { bsmPrice } from './black-scholes.js';
import { gaussLegendre } from './gauss-legendre.js';
import { INV_SQRT_2PI, normCdf } from './normal.js';
import { type Greeks, OptionsError } from './types.js';

/** Chebyshev degree (n + 1 collocation nodes), boundary quadrature points, fixed-point iterations, pricing points. */
export interface AloScheme {
  nodes: number;
  quadrature: number;
  iterations: number;
  pricing: number;
}

/** Chosen so the grid in the tests stays within $0.001 of a 4,000-step lattice (see the README). */
export const DEFAULT_SCHEME: AloScheme = { nodes: 7, quadrature: 8, iterations: 5, pricing: 20 };

const MAX_N = 64;
// Module-level scratch, reused by every call: pricing a chain allocates nothing.
const H = new Float64Array(MAX_N + 1);
const Hnext = new Float64Array(MAX_N + 1);
const coef = new Float64Array(MAX_N + 1);
const tauNode = new Float64Array(MAX_N + 1);
const cosTables = new Map<number, Float64Array>();
// Per pricing point of the last solved boundary: ln B(u), e^{-r z^2}, e^{-q z^2}, sigma z and the weight * 2z.
const pLnB = new Float64Array(256);
const pDr = new Float64Array(256);
const pDq = new Float64Array(256);
const pSz = new Float64Array(256);
const pW = new Float64Array(256);

function cosTable(n: number): Float64Array {
  let t = cosTables.get(n);
  if (!t) {
    t = new Float64Array((n + 1) * (n + 1));
    for (let i = 0; i <= n; i++) for (let k = 0; k <= n; k++) t[i * (n + 1) + k] = Math.cos((i * k * Math.PI) / n);
    cosTables.set(n, t);
  }
  return t;
}

/** Chebyshev coefficients of the interpolant through values at the extrema cos(i pi / n), halved ends folded in. */
function chebFit(n: number, values: Float64Array): void {
  const t = cosTable(n);
  for (let k = 0; k <= n; k++) {
    let s = 0.5 * (values[0]! * t[k]! + values[n]! * t[n * (n + 1) + k]!);
    for (let i = 1; i < n; i++) s += values[i]! * t[i * (n + 1) + k]!;
    coef[k] = ((2 / n) * s) * (k === 0 || k === n ? 0.5 : 1);
  }
}

function chebEval(n: number, xi: number): number {
  let b1 = 0;
  let b2 = 0;
  const x2 = 2 * xi;
  for (let k = n; k >= 1; k--) {
    const b0 = x2 * b1 - b2 + coef[k]!;
    b2 = b1;
    b1 = b0;
  }
  return xi * b1 - b2 + coef[0]!;
}

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
let solvedScheme: AloScheme | undefined;

// Per (node, quadrature point) of the boundary equations, fixed while iterating: the Chebyshev abscissa of u, the
// discount factors e^{ru} and e^{qu}, sigma sqrt(tau - u), and the weight times du/dtheta.
const qXi = new Float64Array(64 * 64);
const qEr = new Float64Array(64 * 64);
const qEq = new Float64Array(64 * 64);
const qSz = new Float64Array(64 * 64);
const qW = new Float64Array(64 * 64);

/** Jacobi-Newton steps before the plain fixed-point iterations (QuantLib's schemes use one as well). */
const JACOBI_NEWTON_STEPS = 1;

/**
 * Li's QD+ boundary of a unit-strike put at tau (Li 2005, as used by Andersen-Lake-Offengelden): the root of
 *   f(S) = (1 - e^{-q tau} N(-d+)) S - beta (1 - S - p(S)) + alpha theta(S) / e^{-r tau},
 * with p and theta the European put and its theta, found by Halley's method from X downwards.
 */
function qdPlusBoundary(r: number, q: number, vol: number, tau: number, X: number): number {
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
  let x = X;
  for (let it = 0; it < 50; it++) {
    const dp = Math.log((x * dq) / dr) / v + 0.5 * v;
    const dm = dp - v;
    const nDp = normCdf(-dp);
    const nDm = normCdf(-dm);
    const pdf = INV_SQRT_2PI * Math.exp(-0.5 * dp * dp);
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
    const done = Math.abs(next - x) < 1e-7; // the fixed-point iterations refine it further
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
function integrals(i: number, L: number, n: number): void {
  const muMinus = SCRATCH[MU_MINUS]!;
  const v2 = SCRATCH[V2]!;
  const q = SCRATCH[Q]!;
  const rootH = SCRATCH[ROOT_H]!;
  let num = 0;
  let den = 0;
  const base = i * L;
  for (let j = 0; j < L; j++) {
    const k = base + j;
    // B(u) from the Chebyshev interpolant (Clenshaw), inline: a call would box its result.
    const xi = qXi[k]!;
    const x2 = 2 * xi;
    let b1 = 0;
    let b2 = 0;
    for (let c = n; c >= 1; c--) {
      const b0 = x2 * b1 - b2 + coef[c]!;
      b2 = b1;
      b1 = b0;
    }
    const hu = xi * b1 - b2 + coef[0]!;
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

/** Solves the exercise boundary of a unit-strike put (r > 0) and prepares the pricing quadrature. */
function solveBoundary(r: number, q: number, vol: number, T: number, s: AloScheme): void {
  if (r === STATE[SOLVED_R] && q === STATE[SOLVED_Q] && vol === STATE[SOLVED_VOL] && T === STATE[SOLVED_T] && s === solvedScheme) return;
  const n = s.nodes;
  const L = s.quadrature;
  const rule = gaussLegendre(L);
  const sqrtT = Math.sqrt(T);
  const v2 = vol * vol;
  const muMinus = r - q - 0.5 * v2;
  // B(0+) = K min(1, r/q): above it exercising a put is never optimal even an instant before expiry.
  const X = q > r ? r / q : 1;
  const lnX = Math.log(X);
  STATE[LN_X] = lnX;
  // Start from Li's QD+ approximation of the boundary at each node (the paper's choice): with it one Jacobi-Newton
  // step and a few plain iterations reach the accuracy the tests demand.
  for (let i = 0; i <= n; i++) {
    const z = (sqrtT * (1 + Math.cos((i * Math.PI) / n))) / 2;
    tauNode[i] = z * z;
    if (i === n) {
      H[i] = 0;
      continue;
    }
    const guess = qdPlusBoundary(r, q, vol, z * z, X);
    const l = guess >= X ? 0 : Math.log(guess / X);
    H[i] = l * l;
  }
  // u = tau sin^2(theta), theta in [0, pi/2]: sqrt(u) and sqrt(tau - u) are both smooth in theta, so the square-root
  // behaviour of the boundary at u = 0 and of the kernel at u = tau costs Gauss-Legendre nothing.
  for (let i = 0; i < n; i++) {
    const tau = tauNode[i]!;
    for (let j = 0; j < L; j++) {
      const theta = (Math.PI / 4) * (1 + rule.x[j]!);
      const sn = Math.sin(theta);
      const cs = Math.cos(theta);
      const u = tau * sn * sn;
      const k = i * L + j;
      qXi[k] = (2 * Math.sqrt(tau / T)) * sn - 1;
      qEr[k] = r * Math.exp(r * u);
      qEq[k] = q * Math.exp(q * u);
      qSz[k] = vol * Math.sqrt(tau) * cs;
      // dtheta weight (pi/4) * w times du/dtheta = 2 tau sin cos
      qW[k] = (Math.PI / 4) * rule.w[j]! * 2 * tau * sn * cs;
    }
  }
  SCRATCH[MU_MINUS] = muMinus;
  SCRATCH[V2] = v2;
  SCRATCH[Q] = q;
  for (let it = 0; it < s.iterations; it++) {
    chebFit(n, H);
    for (let i = 0; i < n; i++) {
      const tau = tauNode[i]!;
      const vt = vol * Math.sqrt(tau);
      const rootH = Math.sqrt(H[i]!);
      const lnB = lnX - rootH;
      const dm = (lnB + muMinus * tau) / vt;
      const dp = dm + vt;
      SCRATCH[ROOT_H] = rootH;
      integrals(i, L, n);
      const num = normCdf(dm) + SCRATCH[NUM]!;
      const den = normCdf(dp) + SCRATCH[DEN]!;
      const alpha = Math.exp(-(r - q) * tau);
      let next = alpha * (num / den);
      if (it < JACOBI_NEWTON_STEPS) {
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
  chebFit(n, H);
  STATE[LN_BT] = lnX - Math.sqrt(H[0]!);
  const P = Math.min(s.pricing, 256);
  const pr = gaussLegendre(P);
  // The premium integral over u in [0, T] with the same substitution u = T sin^2(theta); T - u = T cos^2(theta).
  for (let j = 0; j < P; j++) {
    const theta = (Math.PI / 4) * (1 + pr.x[j]!);
    const sn = Math.sin(theta);
    const cs = Math.cos(theta);
    const hu = chebEval(n, 2 * sn - 1);
    const left = T * cs * cs;
    pLnB[j] = lnX - Math.sqrt(hu > 0 ? hu : 0);
    pDr[j] = r * Math.exp(-r * left);
    pDq[j] = q * Math.exp(-q * left);
    pSz[j] = vol * sqrtT * cs;
    pW[j] = (Math.PI / 4) * pr.w[j]! * 2 * T * sn * cs;
  }
  STATE[SOLVED_R] = r;
  STATE[SOLVED_Q] = q;
  STATE[SOLVED_VOL] = vol;
  STATE[SOLVED_T] = T;
  solvedScheme = s;
}

/** A unit-strike put at spot m from the solved boundary. */
function putFromBoundary(m: number, r: number, q: number, vol: number, T: number, s: AloScheme): number {
  const lnM = Math.log(m);
  if (lnM <= STATE[LN_BT]!) return 1 - m; // at or beyond the boundary: exercise now
  const muMinus = r - q - 0.5 * vol * vol;
  let premium = 0;
  const P = Math.min(s.pricing, 256);
  for (let j = 0; j < P; j++) {
    const sz = pSz[j]!;
    const dm = (lnM - pLnB[j]! + (muMinus * sz * sz) / (vol * vol)) / sz;
    premium += (pDr[j]! * normCdf(-dm) - m * pDq[j]! * normCdf(-dm - sz)) * pW[j]!;
  }
  const v = bsmPrice(false, m, 1, T, r, q, vol) + premium;
  return v > 1 - m ? v : 1 - m;
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
  solveBoundary(r, q, vol, years, scheme);
  return K * putFromBoundary(S / K, r, q, vol, years, scheme);
}

const DAYS_PER_YEAR = 365;

/**
 * American price and greeks (Alpaca's units). Delta and gamma by central differences in the spot over one boundary;
 * vega, theta and rho by central differences of re-solved prices (the method is smooth in its parameters).
 */
export function americanInto(isCall: boolean, spot: number, strike: number, years: number, rate: number, dividend: number, vol: number, out: Greeks, scheme: AloScheme = DEFAULT_SCHEME): Greeks {
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
