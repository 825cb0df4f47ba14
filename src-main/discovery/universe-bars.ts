import type { Bar } from '../../src-shared/domain/bar.js';
import type { BarColumns } from '../backtest/market-data.js';

interface Growable {
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
  length: number;
}

const FIELDS = ['t', 'o', 'h', 'l', 'c', 'v'] as const;

/**
 * The universe's bars as the scan worker keeps them: per symbol, columns that grow by doubling, so a new bar costs
 * no copy of the history; a scan reads views of them.
 */
export class UniverseBars {
  private readonly bySymbol = new Map<string, Growable>();

  load(columns: readonly BarColumns[]): void {
    this.bySymbol.clear();
    for (const c of columns) {
      const n = c.t.length;
      const g: Growable = { t: new Float64Array(Math.max(16, n * 2)), o: new Float64Array(0), h: new Float64Array(0), l: new Float64Array(0), c: new Float64Array(0), v: new Float64Array(0), length: n };
      for (const f of FIELDS) {
        if (f !== 't') g[f] = new Float64Array(g.t.length);
        g[f].set(c[f]);
      }
      this.bySymbol.set(c.symbol, g);
    }
  }

  /** Appends a closed bar; one at the symbol's last time replaces it; an older one is ignored (false). */
  add(symbol: string, bar: Bar): boolean {
    let g = this.bySymbol.get(symbol);
    if (!g) {
      g = { t: new Float64Array(16), o: new Float64Array(16), h: new Float64Array(16), l: new Float64Array(16), c: new Float64Array(16), v: new Float64Array(16), length: 0 };
      this.bySymbol.set(symbol, g);
    }
    const last = g.length > 0 ? g.t[g.length - 1]! : -Infinity;
    if (bar.t < last) return false;
    const i = bar.t === last ? g.length - 1 : g.length;
    if (i === g.t.length) {
      for (const f of FIELDS) {
        const bigger = new Float64Array(g[f].length * 2);
        bigger.set(g[f]);
        g[f] = bigger;
      }
    }
    g.t[i] = bar.t;
    g.o[i] = bar.o;
    g.h[i] = bar.h;
    g.l[i] = bar.l;
    g.c[i] = bar.c;
    g.v[i] = bar.v;
    g.length = i + 1;
    return true;
  }

  columns(): BarColumns[] {
    return [...this.bySymbol].map(([symbol, g]) => ({
      symbol,
      t: g.t.subarray(0, g.length),
      o: g.o.subarray(0, g.length),
      h: g.h.subarray(0, g.length),
      l: g.l.subarray(0, g.length),
      c: g.c.subarray(0, g.length),
      v: g.v.subarray(0, g.length),
    }));
  }
}
