import { DEMO_PAIRS, DEMO_SECTORS, SECTOR_ETFS, demoEtfHoldings, demoSectorMembers } from '../exchange/market/demo-universe.js';

/** A named list of symbols a bot (or a CLI run) trades, by id. */
export interface NamedUniverse {
  /** `demo`, `demo:stocks`, `demo:sector-etfs`, `demo:pairs`, `demo:XLK` (an ETF and its holdings), `demo:technology`... */
  id: string;
  name: string;
  symbols: string[];
}

export const DEMO_UNIVERSE_ID = 'demo';

/**
 * The demo market's universes, resolved from what the exchange lists (`listed`: its /v2/assets symbols, in demo
 * mode; a symbol it does not list is left out, so a replay or an older exchange gives a smaller universe, never a
 * symbol that cannot trade). `demo` is everything listed; the others are shaped for the strategies that want them:
 * sector-rotation takes `demo:sector-etfs` (the 11 sector ETFs, TLT last as its bond fallback), etf-basket-arb
 * takes `demo:<ETF>` (the ETF first, then its holdings, whose weights demoEtfHoldings gives), pairs-trading and
 * stat-arb find the built-in pairs in `demo:pairs`, momentum ranks `demo:stocks`.
 */
export function demoUniverses(listed: readonly string[]): NamedUniverse[] {
  const has = new Set(listed);
  const keep = (symbols: readonly string[]): string[] => symbols.filter((s) => has.has(s));
  const etfs = DEMO_SECTORS.map((s) => SECTOR_ETFS[s]);
  const stocks = DEMO_SECTORS.flatMap((s) => demoSectorMembers(s));
  const out: NamedUniverse[] = [
    { id: DEMO_UNIVERSE_ID, name: 'Demo universe (everything the demo exchange lists)', symbols: [...listed] },
    { id: 'demo:stocks', name: 'Demo large caps (11 sectors)', symbols: keep(stocks) },
    { id: 'demo:sector-etfs', name: 'Demo sector ETFs, TLT last (sector-rotation)', symbols: keep([...etfs, 'TLT']) },
    { id: 'demo:pairs', name: 'Demo cointegrated pairs (pairs-trading, stat-arb)', symbols: keep(DEMO_PAIRS.flatMap(([a, b]) => [a, b])) },
  ];
  for (const sector of DEMO_SECTORS) {
    const etf = SECTOR_ETFS[sector];
    const holdings = demoEtfHoldings(etf) ?? [];
    out.push({ id: `demo:${etf}`, name: `${etf} and its demo holdings (etf-basket-arb)`, symbols: keep([etf, ...holdings.map((h) => h.symbol)]) });
    out.push({ id: `demo:${sector}`, name: `Demo ${sector} stocks`, symbols: keep(demoSectorMembers(sector)) });
  }
  return out.filter((u) => u.symbols.length > 0);
}

/** The symbols of a universe id (see demoUniverses), or undefined for an id it does not know. */
export function resolveUniverse(id: string, listed: readonly string[]): string[] | undefined {
  return demoUniverses(listed).find((u) => u.id === id)?.symbols;
}

/**
 * The demo exchange's own holdings weights for an etf-basket-arb universe (the ETF first, then its holdings): the
 * weights the demo market builds the ETF from, so a demo bot trades the true basket instead of fitting one. Only
 * when the universe holds the whole basket (a partial basket is not the fund: the strategy fits weights then);
 * undefined for any other universe.
 */
export function demoBasketWeights(symbols: readonly string[]): Array<{ symbol: string; weight: number }> | undefined {
  const [etf, ...rest] = symbols;
  const holdings = etf === undefined ? undefined : demoEtfHoldings(etf);
  if (!holdings || holdings.length !== rest.length) return undefined;
  const given = new Set(rest);
  return holdings.every((h) => given.has(h.symbol)) ? holdings.map((h) => ({ ...h })) : undefined;
}
