// An independent reference for American prices: a Leisen-Reimer binomial tree (Peizer-Pratt inversion, odd step
// counts), which converges smoothly where Cox-Ross-Rubinstein oscillates. Slow and simple on purpose: it shares no
// code with the library's integral-equation pricer.

function peizerPratt(z: number, n: number): number {
  const a = z / (n + 1 / 3 + 0.1 / (n + 1));
  return 0.5 + Math.sign(z) * 0.5 * Math.sqrt(1 - Math.exp(-a * a * (n + 1 / 6)));
}

export function latticePrice(american: boolean, isCall: boolean, S: number, K: number, T: number, r: number, q: number, vol: number, steps: number): number {
  const n = steps % 2 === 0 ? steps + 1 : steps;
  const dt = T / n;
  const d1 = (Math.log(S / K) + (r - q + 0.5 * vol * vol) * T) / (vol * Math.sqrt(T));
  const d2 = d1 - vol * Math.sqrt(T);
  const p = peizerPratt(d2, n);
  const pBar = peizerPratt(d1, n);
  const growth = Math.exp((r - q) * dt);
  const u = (growth * pBar) / p;
  const d = (growth - p * u) / (1 - p);
  const disc = Math.exp(-r * dt);
  const pu = disc * p;
  const pd = disc * (1 - p);
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const s = S * Math.pow(u, i) * Math.pow(d, n - i);
    values[i] = Math.max(isCall ? s - K : K - s, 0);
  }
  const ratio = u / d;
  for (let step = n - 1; step >= 0; step--) {
    let s = S * Math.pow(d, step);
    for (let i = 0; i <= step; i++) {
      let v = pu * values[i + 1]! + pd * values[i]!;
      if (american) {
        const ex = isCall ? s - K : K - s;
        if (ex > v) v = ex;
      }
      values[i] = v;
      s *= ratio;
    }
  }
  return values[0]!;
}
