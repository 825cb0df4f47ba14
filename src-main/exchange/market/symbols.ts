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
}

const KNOWN: Record<string, Omit<SymbolProfile, 'symbol'>> = {
  AAPL: { name: 'Apple Inc. Common Stock', startPrice: 190, beta: 1.1, idioVol: 0.011, dailyVolume: 55_000_000, exchange: 'NASDAQ', tape: 'C' },
  MSFT: { name: 'Microsoft Corporation Common Stock', startPrice: 380, beta: 1.0, idioVol: 0.01, dailyVolume: 22_000_000, exchange: 'NASDAQ', tape: 'C' },
  SPY: { name: 'SPDR S&P 500 ETF Trust', startPrice: 470, beta: 1.0, idioVol: 0.0015, dailyVolume: 75_000_000, exchange: 'ARCA', tape: 'B' },
  NVDA: { name: 'NVIDIA Corporation Common Stock', startPrice: 480, beta: 1.6, idioVol: 0.02, dailyVolume: 45_000_000, exchange: 'NASDAQ', tape: 'C' },
  TSLA: { name: 'Tesla, Inc. Common Stock', startPrice: 240, beta: 1.5, idioVol: 0.025, dailyVolume: 100_000_000, exchange: 'NASDAQ', tape: 'C' },
  AMZN: { name: 'Amazon.com, Inc. Common Stock', startPrice: 150, beta: 1.2, idioVol: 0.013, dailyVolume: 45_000_000, exchange: 'NASDAQ', tape: 'C' },
  FAKEPACA: { name: 'Alpaca test symbol', startPrice: 100, beta: 0.8, idioVol: 0.012, dailyVolume: 5_000_000, exchange: 'NYSE', tape: 'A' },
};

export const DEFAULT_SYMBOLS = Object.keys(KNOWN);

/** The profile of a symbol: a known one, or one derived from the symbol's name so it stays stable. */
export function profileOf(symbol: string, startPrice?: number): SymbolProfile {
  const known = KNOWN[symbol];
  if (known) return { symbol, ...known, startPrice: startPrice ?? known.startPrice };
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
