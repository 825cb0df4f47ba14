import type { DataSource } from '../../../../src-shared/ipc/market-data-schemas.js';

/** Alpaca's stock feeds: historical requests take any; the stream URL is chosen per feed by the caller. */
export type StockFeed = 'iex' | 'sip' | 'delayed_sip' | 'otc' | 'boats' | 'overnight';
export type Adjustment = 'raw' | 'split' | 'dividend' | 'spin-off' | 'all';

/** Where and as whom the market data adapter talks: Alpaca itself, or demo mode's local exchange. */
export interface AlpacaDataConfig {
  /** Trading REST base (assets live there). */
  tradingUrl: string;
  /** Market data REST base. */
  dataUrl: string;
  /** Stock stream URL (…/v2/iex or …/v2/sip). */
  stockStreamUrl: string;
  keyId: string;
  secret: string;
  feed: StockFeed;
  /** What values from this endpoint are labelled as. */
  source: Extract<DataSource, 'alpaca' | 'demo-exchange'>;
  /** Client-side request budget per minute (Alpaca: 200). */
  requestsPerMinute?: number;
}
