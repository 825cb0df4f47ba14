import type { SymbolProfile } from './symbols.js';

/**
 * The demo market's universe: large caps of the 11 GICS sectors, the 11 Select Sector SPDR ETFs, SPY, QQQ, IWM,
 * TLT and GLD, and the Alpaca test symbol, so every strategy has something to find in demo (the founding design's
 * bots trade 58 symbols and more). The structure behind the prices (daily-process.ts):
 *
 * - every stock loads on the market factor (`beta`) and on its sector's factor (`sectorBeta`), plus its own noise;
 * - a sector ETF is a tracker of the demo members of its sector: its log return is the holdings-weighted log
 *   return of its members plus the change of a small mean-reverting premium, so log ETF - sum w log members is
 *   stationary (what etf-basket-arb trades), and `demoEtfHoldings` gives those weights;
 * - five pairs share a common factor: the second of each pair (PEP, CVX, LOW, MA, GOOG) tracks the first with a
 *   hedge ratio and a mean-reverting spread of a few days' half-life, so the pair is cointegrated by construction
 *   (what pairs-trading and stat-arb look for); the other pairs in a sector are only correlated.
 *
 * Prices, betas and volumes are round figures near early-2024 levels, not data. Names follow Alpaca's asset names.
 */
type Listing = Pick<SymbolProfile, 'exchange' | 'tape'>;
const NASDAQ: Listing = { exchange: 'NASDAQ', tape: 'C' };
const NYSE: Listing = { exchange: 'NYSE', tape: 'A' };
const ARCA: Listing = { exchange: 'ARCA', tape: 'B' };

export type DemoSector =
  | 'technology'
  | 'financials'
  | 'health-care'
  | 'energy'
  | 'industrials'
  | 'consumer-discretionary'
  | 'consumer-staples'
  | 'utilities'
  | 'materials'
  | 'real-estate'
  | 'communication';

/** Each sector's SPDR ETF. */
export const SECTOR_ETFS: Readonly<Record<DemoSector, string>> = {
  technology: 'XLK',
  financials: 'XLF',
  'health-care': 'XLV',
  energy: 'XLE',
  industrials: 'XLI',
  'consumer-discretionary': 'XLY',
  'consumer-staples': 'XLP',
  utilities: 'XLU',
  materials: 'XLB',
  'real-estate': 'XLRE',
  communication: 'XLC',
};

interface Stock {
  symbol: string;
  name: string;
  sector: DemoSector;
  price: number;
  beta: number;
  sectorBeta: number;
  idioVol: number;
  volume: number;
  listing: Listing;
  /** Weight in its sector ETF before normalising over the demo members (roughly its market cap, $bn). */
  cap: number;
  /** Pair follower: tracks `leader` with this hedge ratio on log prices. */
  follows?: { leader: string; ratio: number; spreadVol: number; halfLife: number };
}

const s = (symbol: string, name: string, sector: DemoSector, price: number, beta: number, idioVol: number, volume: number, listing: Listing, cap: number, sectorBeta = 1): Stock => ({
  symbol,
  name,
  sector,
  price,
  beta,
  sectorBeta,
  idioVol,
  volume,
  listing,
  cap,
});

const STOCKS: Stock[] = [
  s('AAPL', 'Apple Inc. Common Stock', 'technology', 190, 1.1, 0.011, 55_000_000, NASDAQ, 2900),
  s('MSFT', 'Microsoft Corporation Common Stock', 'technology', 380, 1.0, 0.01, 22_000_000, NASDAQ, 3000),
  s('NVDA', 'NVIDIA Corporation Common Stock', 'technology', 480, 1.6, 0.02, 45_000_000, NASDAQ, 1800, 1.3),
  s('AVGO', 'Broadcom Inc. Common Stock', 'technology', 1100, 1.2, 0.016, 2_500_000, NASDAQ, 550),
  s('ORCL', 'Oracle Corporation Common Stock', 'technology', 110, 0.9, 0.013, 8_000_000, NYSE, 300),
  s('CRM', 'Salesforce, Inc. Common Stock', 'technology', 260, 1.2, 0.015, 6_000_000, NYSE, 250),
  s('ADBE', 'Adobe Inc. Common Stock', 'technology', 580, 1.2, 0.015, 3_000_000, NASDAQ, 260),
  s('JPM', 'JPMorgan Chase & Co. Common Stock', 'financials', 170, 1.1, 0.01, 9_000_000, NYSE, 500),
  s('BAC', 'Bank of America Corporation Common Stock', 'financials', 34, 1.3, 0.012, 40_000_000, NYSE, 270),
  s('WFC', 'Wells Fargo & Company Common Stock', 'financials', 50, 1.2, 0.013, 18_000_000, NYSE, 180),
  s('GS', 'The Goldman Sachs Group, Inc. Common Stock', 'financials', 380, 1.3, 0.012, 2_200_000, NYSE, 125),
  s('V', 'Visa Inc. Class A Common Stock', 'financials', 270, 0.95, 0.009, 6_500_000, NYSE, 540, 0.6),
  s('UNH', 'UnitedHealth Group Incorporated Common Stock', 'health-care', 520, 0.7, 0.012, 3_500_000, NYSE, 480),
  s('JNJ', 'Johnson & Johnson Common Stock', 'health-care', 158, 0.55, 0.009, 7_000_000, NYSE, 380),
  s('LLY', 'Eli Lilly and Company Common Stock', 'health-care', 640, 0.6, 0.017, 3_000_000, NYSE, 600),
  s('PFE', 'Pfizer Inc. Common Stock', 'health-care', 28, 0.65, 0.013, 35_000_000, NYSE, 160),
  s('MRK', 'Merck & Co., Inc. Common Stock', 'health-care', 120, 0.5, 0.01, 8_000_000, NYSE, 300),
  s('XOM', 'Exxon Mobil Corporation Common Stock', 'energy', 103, 0.9, 0.01, 17_000_000, NYSE, 410),
  s('COP', 'ConocoPhillips Common Stock', 'energy', 112, 1.0, 0.013, 6_500_000, NYSE, 135),
  s('SLB', 'Schlumberger Limited Common Stock', 'energy', 50, 1.2, 0.015, 10_000_000, NYSE, 72),
  s('CAT', 'Caterpillar Inc. Common Stock', 'industrials', 300, 1.1, 0.012, 3_000_000, NYSE, 150),
  s('HON', 'Honeywell International Inc. Common Stock', 'industrials', 200, 0.95, 0.009, 3_200_000, NASDAQ, 130),
  s('GE', 'GE Aerospace Common Stock', 'industrials', 140, 1.2, 0.014, 6_000_000, NYSE, 150),
  s('UNP', 'Union Pacific Corporation Common Stock', 'industrials', 245, 1.0, 0.01, 3_000_000, NYSE, 150),
  s('AMZN', 'Amazon.com, Inc. Common Stock', 'consumer-discretionary', 150, 1.2, 0.013, 45_000_000, NASDAQ, 1600),
  s('TSLA', 'Tesla, Inc. Common Stock', 'consumer-discretionary', 240, 1.5, 0.025, 100_000_000, NASDAQ, 700, 0.7),
  s('HD', 'The Home Depot, Inc. Common Stock', 'consumer-discretionary', 350, 1.0, 0.01, 3_500_000, NYSE, 350),
  s('MCD', "McDonald's Corporation Common Stock", 'consumer-discretionary', 290, 0.65, 0.008, 3_000_000, NYSE, 210),
  s('PG', 'The Procter & Gamble Company Common Stock', 'consumer-staples', 150, 0.5, 0.008, 6_500_000, NYSE, 360),
  s('KO', 'The Coca-Cola Company Common Stock', 'consumer-staples', 60, 0.55, 0.008, 13_000_000, NYSE, 260),
  s('WMT', 'Walmart Inc. Common Stock', 'consumer-staples', 160, 0.5, 0.009, 7_000_000, NYSE, 430),
  s('COST', 'Costco Wholesale Corporation Common Stock', 'consumer-staples', 650, 0.75, 0.01, 2_000_000, NASDAQ, 290),
  s('NEE', 'NextEra Energy, Inc. Common Stock', 'utilities', 60, 0.6, 0.012, 10_000_000, NYSE, 120),
  s('DUK', 'Duke Energy Corporation Common Stock', 'utilities', 96, 0.45, 0.008, 3_000_000, NYSE, 75),
  s('SO', 'The Southern Company Common Stock', 'utilities', 70, 0.45, 0.008, 4_500_000, NYSE, 76),
  s('LIN', 'Linde plc Ordinary Shares', 'materials', 410, 0.9, 0.009, 2_000_000, NASDAQ, 200),
  s('SHW', 'The Sherwin-Williams Company Common Stock', 'materials', 310, 1.1, 0.011, 1_700_000, NYSE, 80),
  s('FCX', 'Freeport-McMoRan Inc. Common Stock', 'materials', 40, 1.5, 0.018, 13_000_000, NYSE, 58),
  s('PLD', 'Prologis, Inc. Common Stock', 'real-estate', 130, 1.05, 0.011, 3_500_000, NYSE, 120),
  s('AMT', 'American Tower Corporation Common Stock', 'real-estate', 200, 0.85, 0.012, 2_200_000, NYSE, 93),
  s('EQIX', 'Equinix, Inc. Common Stock', 'real-estate', 800, 0.9, 0.012, 500_000, NASDAQ, 76),
  s('GOOGL', 'Alphabet Inc. Class A Common Stock', 'communication', 140, 1.1, 0.013, 30_000_000, NASDAQ, 900),
  s('META', 'Meta Platforms, Inc. Class A Common Stock', 'communication', 350, 1.3, 0.018, 18_000_000, NASDAQ, 900),
  s('NFLX', 'Netflix, Inc. Common Stock', 'communication', 480, 1.2, 0.018, 4_500_000, NASDAQ, 210),
  s('VZ', 'Verizon Communications Inc. Common Stock', 'communication', 40, 0.4, 0.009, 20_000_000, NYSE, 170, 0.5),
  // Pairs: the follower tracks its leader (common factor) with a stationary spread.
  { ...s('PEP', 'PepsiCo, Inc. Common Stock', 'consumer-staples', 168, 0.55, 0.008, 5_500_000, NASDAQ, 230), follows: { leader: 'KO', ratio: 0.9, spreadVol: 0.02, halfLife: 5 } },
  { ...s('CVX', 'Chevron Corporation Common Stock', 'energy', 150, 1.0, 0.011, 8_000_000, NYSE, 280), follows: { leader: 'XOM', ratio: 1.05, spreadVol: 0.02, halfLife: 6 } },
  { ...s('LOW', "Lowe's Companies, Inc. Common Stock", 'consumer-discretionary', 225, 1.05, 0.011, 3_000_000, NYSE, 130), follows: { leader: 'HD', ratio: 1.0, spreadVol: 0.02, halfLife: 5 } },
  { ...s('MA', 'Mastercard Incorporated Class A Common Stock', 'financials', 430, 1.0, 0.009, 2_800_000, NYSE, 400), follows: { leader: 'V', ratio: 1.0, spreadVol: 0.016, halfLife: 4 } },
  { ...s('GOOG', 'Alphabet Inc. Class C Capital Stock', 'communication', 141, 1.1, 0.013, 20_000_000, NASDAQ, 850), follows: { leader: 'GOOGL', ratio: 1.0, spreadVol: 0.015, halfLife: 6 } },
];

const SECTOR_NAMES: Readonly<Record<DemoSector, string>> = {
  technology: 'Technology',
  financials: 'Financial',
  'health-care': 'Health Care',
  energy: 'Energy',
  industrials: 'Industrial',
  'consumer-discretionary': 'Consumer Discretionary',
  'consumer-staples': 'Consumer Staples',
  utilities: 'Utilities',
  materials: 'Materials',
  'real-estate': 'Real Estate',
  communication: 'Communication Services',
};

const ETF_PRICES: Readonly<Record<DemoSector, number>> = {
  technology: 200,
  financials: 38,
  'health-care': 140,
  energy: 85,
  industrials: 115,
  'consumer-discretionary': 178,
  'consumer-staples': 72,
  utilities: 64,
  materials: 85,
  'real-estate': 40,
  communication: 75,
};

/** A sector ETF's holdings among the demo members, weights summing to 1 (by the members' caps). */
function holdingsOf(sector: DemoSector): Array<{ symbol: string; weight: number }> {
  const members = STOCKS.filter((m) => m.sector === sector);
  const total = members.reduce((sum, m) => sum + m.cap, 0);
  return members.map((m) => ({ symbol: m.symbol, weight: m.cap / total }));
}

const SECTORS = Object.keys(SECTOR_ETFS) as DemoSector[];

function stockProfile(m: Stock): SymbolProfile {
  const base: SymbolProfile = { symbol: m.symbol, name: m.name, startPrice: m.price, beta: m.beta, idioVol: m.idioVol, dailyVolume: m.volume, ...m.listing, sector: m.sector, sectorBeta: m.sectorBeta };
  if (!m.follows) return base;
  return { ...base, tracks: { components: [{ symbol: m.follows.leader, weight: m.follows.ratio }], gapVol: m.follows.spreadVol, gapHalfLife: m.follows.halfLife } };
}

function etfProfile(sector: DemoSector): SymbolProfile {
  const symbol = SECTOR_ETFS[sector];
  return {
    symbol,
    name: `The ${SECTOR_NAMES[sector]} Select Sector SPDR Fund`,
    startPrice: ETF_PRICES[sector],
    beta: 1,
    idioVol: 0.001,
    dailyVolume: 9_000_000,
    ...ARCA,
    sector,
    sectorBeta: 1,
    // A premium of about 0.15% around the basket, half-life two days.
    tracks: { components: holdingsOf(sector), gapVol: 0.0015, gapHalfLife: 2 },
  };
}

/** Broad funds: factor models (their holdings are mostly outside the demo universe). */
const FUNDS: SymbolProfile[] = [
  { symbol: 'SPY', name: 'SPDR S&P 500 ETF Trust', startPrice: 470, beta: 1.0, idioVol: 0.0015, dailyVolume: 75_000_000, ...ARCA },
  { symbol: 'QQQ', name: 'Invesco QQQ Trust, Series 1', startPrice: 400, beta: 1.15, idioVol: 0.003, dailyVolume: 45_000_000, ...NASDAQ, sector: 'technology', sectorBeta: 0.5 },
  { symbol: 'IWM', name: 'iShares Russell 2000 ETF', startPrice: 195, beta: 1.2, idioVol: 0.006, dailyVolume: 30_000_000, ...ARCA },
  { symbol: 'TLT', name: 'iShares 20+ Year Treasury Bond ETF', startPrice: 95, beta: -0.2, idioVol: 0.009, dailyVolume: 35_000_000, ...NASDAQ },
  { symbol: 'GLD', name: 'SPDR Gold Shares', startPrice: 190, beta: 0.05, idioVol: 0.008, dailyVolume: 8_000_000, ...ARCA },
  { symbol: 'FAKEPACA', name: 'Alpaca test symbol', startPrice: 100, beta: 0.8, idioVol: 0.012, dailyVolume: 5_000_000, ...NYSE },
];

export const DEMO_PROFILES: readonly SymbolProfile[] = [...STOCKS.map(stockProfile), ...SECTORS.map(etfProfile), ...FUNDS];

/** The demo market's symbols, in listing order: stocks by sector, the sector ETFs, the broad funds. */
export const DEMO_SYMBOLS: readonly string[] = DEMO_PROFILES.map((p) => p.symbol);

/** The holdings of a demo sector ETF (the demo members of its sector, weights summing to 1); undefined for other symbols. */
export function demoEtfHoldings(etf: string): Array<{ symbol: string; weight: number }> | undefined {
  const sector = SECTORS.find((k) => SECTOR_ETFS[k] === etf);
  return sector ? holdingsOf(sector) : undefined;
}

/** The holdings as the `symbol,weight` text etf-basket-arb's weights file takes (header line first). */
export function demoEtfWeightsCsv(etf: string): string | undefined {
  const holdings = demoEtfHoldings(etf);
  return holdings ? ['symbol,weight', ...holdings.map((h) => `${h.symbol},${h.weight.toFixed(6)}`)].join('\n') + '\n' : undefined;
}

/** The demo symbols of a sector (its stocks, without the ETF). */
export function demoSectorMembers(sector: DemoSector): string[] {
  return STOCKS.filter((m) => m.sector === sector).map((m) => m.symbol);
}

/** The cointegrated pairs built into the demo market, leader first. */
export const DEMO_PAIRS: ReadonlyArray<readonly [string, string]> = STOCKS.filter((m) => m.follows).map((m) => [m.follows!.leader, m.symbol] as const);

export const DEMO_SECTORS: readonly DemoSector[] = SECTORS;
