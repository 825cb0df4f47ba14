import { DEMO_SECTORS, demoSectorMembers } from '../exchange/market/demo-universe.js';
import { resolveUniverse } from './universes.js';

/** A demo bot to save (the shape of bots.save's request) and the family it stands for. */
export interface DemoBotRequest {
  family: string;
  name: string;
  strategy: string;
  params: Record<string, number | string | boolean>;
  symbols: string[];
  timeframe?: '1Min' | '1Day';
  /** Whole dollars of the demo account. */
  allocation: string;
}

/** One demo bot per strategy family: which strategy, on what, with which share of the demo account's equity. */
interface DemoTemplate {
  family: string;
  strategy: string;
  name: string;
  /** Fraction of the account's equity this bot may have in use. */
  share: number;
  symbols: (listed: readonly string[]) => string[];
  timeframe?: '1Min' | '1Day';
  params: Record<string, number | string | boolean>;
}

/** The first large cap of each demo sector, up to `count`: a spread of stocks rather than one sector's. */
function sectorLeaders(listed: readonly string[], count: number): string[] {
  const has = new Set(listed);
  return DEMO_SECTORS.map((s) => demoSectorMembers(s).find((m) => has.has(m)))
    .filter((s): s is string => s !== undefined)
    .slice(0, count);
}

/**
 * The demo set. The stock bot trades one-minute bars with short averages, warmed from the exchange's history, and
 * joins the trend under way on its first live bar (sma-cross's joinTrend), so orders, fills and P&L appear within
 * seconds of a fresh start at real speed, not only after each symbol's next cross; the market maker quotes within
 * about a minute. The others keep their daily timeframe and decide at their own pace (pairs at the daily close once
 * a cointegrated pair shows, the iron condor at 15:30 New York, the ML bot at the daily close), so the newcomer sees
 * what each family looks like while running. Shares sum to 55% of equity, leaving the rest for the trader's own orders.
 */
const TEMPLATES: readonly DemoTemplate[] = [
  { family: 'stock', strategy: 'sma-cross', name: 'Demo SMA cross (1-minute)', share: 0.15, symbols: (l) => sectorLeaders(l, 11), timeframe: '1Min', params: { fast: 2, slow: 5, size: 5, joinTrend: true } },
  { family: 'arbitrage', strategy: 'pairs-trading', name: 'Demo pairs KO/PEP', share: 0.15, symbols: (l) => (resolveUniverse('demo:pairs', l) ?? []).filter((s) => s === 'KO' || s === 'PEP'), params: { formation: 60, reselectBars: 5, legs: 'long-only' } },
  { family: 'options', strategy: 'iron-condor', name: 'Demo iron condor SPY', share: 0.1, symbols: (l) => (l.includes('SPY') ? ['SPY'] : []), params: {} },
  { family: 'ml', strategy: 'ml-signal', name: 'Demo ML signal (shipped model)', share: 0.1, symbols: (l) => sectorLeaders(l, 4), params: {} },
  // Quotes within about half a minute of the start (20 s of quotes, 30 one-second volatility samples): the first orders
  // a newcomer sees. Small lots, long only (a cash-like book), and a request budget well under the broker's.
  { family: 'microstructure', strategy: 'market-making', name: 'Demo market maker MSFT', share: 0.05, symbols: (l) => (l.includes('MSFT') ? ['MSFT'] : []), params: { orderSize: 10, maxInventory: 50, allowShort: false, warmupSec: 20, maxRequestsPerMinute: 60 } },
];

export const DEMO_BOT_FAMILIES: readonly string[] = TEMPLATES.map((t) => t.family);

/**
 * The bots a fresh demo data folder gets: one per family whose strategy the registry has (`known`; a family with
 * no strategy, such as microstructure today, gets none) and whose symbols the exchange lists, each allocated its
 * share of `equity` in whole dollars. Pure: the caller saves and starts them.
 */
export function planDemoBots(listed: readonly string[], equity: number, known: (strategy: string) => boolean): DemoBotRequest[] {
  if (!(equity > 0)) return [];
  const out: DemoBotRequest[] = [];
  for (const t of TEMPLATES) {
    if (!known(t.strategy)) continue;
    const symbols = t.symbols(listed);
    if (symbols.length === 0 || (t.strategy === 'pairs-trading' && symbols.length < 2)) continue;
    const allocation = String(Math.floor(equity * t.share));
    if (Number(allocation) <= 0) continue;
    out.push({ family: t.family, name: t.name, strategy: t.strategy, params: t.params, symbols, ...(t.timeframe ? { timeframe: t.timeframe } : {}), allocation });
  }
  return out;
}
