// The standard normal distribution, accurate to about 1e-15 relative in both tails: Cody's rational Chebyshev
// approximations (W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 1969, the
// algorithm behind R's pnorm). Option prices deep in the wings are differences of tiny tail probabilities, and the
// implied-volatility solver works on their logarithm, so a 1e-7 approximation (Abramowitz-Stegun) is not enough.

const A0 = 2.2352520354606839287;
const A1 = 161.02823106855587881;
const A2 = 1067.6894854603709582;
const A3 = 18154.981253343561249;
const A4 = 0.065682337918207449113;
const B0 = 47.20258190468824187;
const B1 = 976.09855173777669322;
const B2 = 10260.932208618978205;
const B3 = 45507.789335026729956;
const C0 = 0.39894151208813466764;
const C1 = 8.8831497943883759412;
const C2 = 93.506656132177855979;
const C3 = 597.27027639480026226;
const C4 = 2494.5375852903726711;
const C5 = 6848.1904505362823326;
const C6 = 11602.651437647350124;
const C7 = 9842.7148383839780218;
const C8 = 1.0765576773720192317e-8;
const D0 = 22.266688044328115691;
const D1 = 235.38790178262499861;
const D2 = 1519.377599407554805;
const D3 = 6485.558298266760755;
const D4 = 18615.571640885098091;
const D5 = 34900.952721145977266;
const D6 = 38912.003286093271411;
const D7 = 19685.429676859990727;
const P0 = 0.21589853405795699;
const P1 = 0.1274011611602473639;
const P2 = 0.022235277870649807;
const P3 = 0.001421619193227893466;
const P4 = 2.9112874951168792e-5;
const P5 = 0.02307344176494017303;
const Q0 = 1.28426009614491121;
const Q1 = 0.468238212480865118;
const Q2 = 0.0659881378689285515;
const Q3 = 0.00378239633202758244;
const Q4 = 7.29751555083966205e-5;

export const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
/** Beyond this |x| the lower tail underflows to 0 in double precision. */
const X_LIMIT = 38.5;

// exp(-x^2/2) for x a multiple of 1/16 (exactly representable, so x^2/2 is exact): Cody splits exp(-y^2/2) into
// exp(-xsq^2/2) * exp(-del/2) so the large argument carries no rounding error; the first factor comes from this table.
const TABLE_STEPS = Math.ceil(X_LIMIT * 16) + 1;
const EXP_TABLE = new Float64Array(TABLE_STEPS);
for (let i = 0; i < TABLE_STEPS; i++) {
  const xsq = i / 16;
  EXP_TABLE[i] = Math.exp(-xsq * xsq * 0.5);
}

/** The upper tail Q(y) = P(Z > y) for y >= 0.67448975 (no cancellation: computed directly; DENSITY[0] is overwritten). */
function upperTail(y: number): number {
  return y >= X_LIMIT ? 0 : upperTailWithDensity(y);
}

/**
 * DENSITY[0] is the density at the argument of the last normCdfAndDensity call. Cody's tail branch already holds
 * exp(-x^2/2), so pricing loops that need both N(d) and phi(d) save an exponential. A typed array, not a `let`:
 * storing a double in a module variable allocates a heap number on every call; a Float64Array slot does not.
 */
export const DENSITY = new Float64Array(1);

/** P(Z <= x), leaving phi(x) in DENSITY[0]. */
export function normCdfAndDensity(x: number): number {
  const y = x < 0 ? -x : x;
  if (y <= 0.67448975 || y >= X_LIMIT || x !== x) {
    DENSITY[0] = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    return normCdf(x);
  }
  const tail = upperTailWithDensity(y);
  return x > 0 ? 1 - tail : tail;
}

/** Cody's tail for 0.67448975 < y < X_LIMIT, leaving phi(y) in DENSITY[0] (one exponential serves both). */
function upperTailWithDensity(y: number): number {
  let temp: number;
  if (y <= SQRT_32) {
    let num = C8 * y;
    let den = y;
    num = (num + C0) * y;
    den = (den + D0) * y;
    num = (num + C1) * y;
    den = (den + D1) * y;
    num = (num + C2) * y;
    den = (den + D2) * y;
    num = (num + C3) * y;
    den = (den + D3) * y;
    num = (num + C4) * y;
    den = (den + D4) * y;
    num = (num + C5) * y;
    den = (den + D5) * y;
    num = (num + C6) * y;
    den = (den + D6) * y;
    temp = (num + C7) / (den + D7);
  } else {
    const xsq = 1 / (y * y);
    let num = P5 * xsq;
    let den = xsq;
    num = (num + P0) * xsq;
    den = (den + Q0) * xsq;
    num = (num + P1) * xsq;
    den = (den + Q1) * xsq;
    num = (num + P2) * xsq;
    den = (den + Q2) * xsq;
    num = (num + P3) * xsq;
    den = (den + Q3) * xsq;
    temp = (xsq * (num + P4)) / (den + Q4);
    temp = (INV_SQRT_2PI - temp) / y;
  }
  const k = Math.trunc(y * 16);
  const xsq = k / 16;
  const del = (y - xsq) * (y + xsq);
  const e = EXP_TABLE[k]! * Math.exp(-del * 0.5);
  DENSITY[0] = INV_SQRT_2PI * e;
  return e * temp;
}

/** P(Z <= x) for a standard normal Z. */
export function normCdf(x: number): number {
  const y = x < 0 ? -x : x;
  if (y <= 0.67448975) {
    const xsq = x * x;
    let num = A4 * xsq;
    let den = xsq;
    num = (num + A0) * xsq;
    den = (den + B0) * xsq;
    num = (num + A1) * xsq;
    den = (den + B1) * xsq;
    num = (num + A2) * xsq;
    den = (den + B2) * xsq;
    return 0.5 + (x * (num + A3)) / (den + B3);
  }
  if (x !== x) return NaN;
  const tail = upperTail(y);
  return x > 0 ? 1 - tail : tail;
}

/** The standard normal density. */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
