import { DEMO_PROFILES, DEMO_SYMBOLS } from './demo-universe.js';
import { hashKey } from './prng.js';

/** Per-symbol parameters of the synthetic market: where it trades, how it moves with the market, how busy it is. */
export interface SymbolProfile {
  symbol: string;
  name: string;
  /** Price at the model's anchor date, and the level it slowly reverts to. */
  startPrice: number;
  /** Sensitivity to the market factor. */
  beta: number;
  /** Long-run daily volatility of the idiosyncratic part. */
  idioVol: number;
  /** Typical regular-session daily volume (shares). */
  dailyVolume: number;
  /** Listing exchange code as in Alpaca assets, and the SIP tape. */
  exchange: 'NASDAQ' | 'NYSE' | 'ARCA';
  tape: 'A' | 'B' | 'C';
  /** A sector factor the symbol loads on (stocks and sector funds of the demo universe), and how much. */
  sector?: string;
  sectorBeta?: number;
  /**
   * A tracker (a sector ETF over its holdings, the second of a pair over the first): its log return is the
   * weighted log return of `components` plus the change of a gap that reverts to zero (an AR(1) with a stationary
   * deviation of `gapVol` and a half-life of `gapHalfLife` days), so log price - sum weight x log component is
   * stationary. Its own market, sector and idiosyncratic terms are then not used.
   */
  tracks?: { components: ReadonlyArray<{ symbol: string; weight: number }>; gapVol: number; gapHalfLife: number };
}

const KNOWN = new Map(DEMO_PROFILES.map((p) => [p.symbol, p]));

/** The synthetic market's default universe (demo mode): see demo-universe.ts. */
export const DEFAULT_SYMBOLS: string[] = [...DEMO_SYMBOLS];

/** The profile of a symbol: a known one, or one derived from the symbol's name so it stays stable. */
export function profileOf(symbol: string, startPrice?: number): SymbolProfile {
  const known = KNOWN.get(symbol);
  if (known) return { ...known, startPrice: startPrice ?? known.startPrice };
  const h = hashKey(0, symbol);
  return {
    symbol,
    name: `${symbol} Synthetic Corp. Common Stock`,
    startPrice: startPrice ?? 20 + (h % 400),
    beta: 0.6 + ((h >>> 9) % 100) / 100,
    idioVol: 0.008 + ((h >>> 17) % 15) / 1000,
    dailyVolume: 2_000_000 + ((h >>> 3) % 20) * 1_000_000,
    exchange: 'NYSE',
    tape: 'A',
  };
}
