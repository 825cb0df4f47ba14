import { marketData, streaming, trading } from '@alpacahq/alpaca-trade-api';
import type { AlpacaKeyMode } from '../../secrets/accounts.js';

/**
 * Where one Alpaca environment lives: its trading REST base and trade_updates stream, and the market data REST
 * base and stream origin (the feed is appended as `/v2/<feed>`). Paper and live differ only in the trading host;
 * market data is served from the same hosts to both.
 */
export interface AlpacaHosts {
  tradingUrl: string;
  tradingStreamUrl: string;
  dataUrl: string;
  dataStreamUrl: string;
}

function streamOf(restBase: string): string {
  const url = new URL(restBase);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}/stream`;
}

/** Alpaca's own hosts for paper and live, from the SDK's constants. */
export const ALPACA_HOSTS: Readonly<Record<AlpacaKeyMode, AlpacaHosts>> = {
  paper: {
    tradingUrl: trading.TRADING_PAPER_HOST,
    tradingStreamUrl: streamOf(trading.TRADING_PAPER_HOST),
    dataUrl: marketData.MARKET_DATA_HOST,
    dataStreamUrl: streaming.MARKET_DATA_STREAM_HOST,
  },
  live: {
    tradingUrl: trading.TRADING_LIVE_HOST,
    tradingStreamUrl: streamOf(trading.TRADING_LIVE_HOST),
    dataUrl: marketData.MARKET_DATA_HOST,
    dataStreamUrl: streaming.MARKET_DATA_STREAM_HOST,
  },
};

/** The stock stream of a feed on these hosts. */
export function stockStreamUrl(hosts: AlpacaHosts, feed: 'iex' | 'sip'): string {
  return `${hosts.dataStreamUrl.replace(/\/+$/, '')}/v2/${feed}`;
}

/** The origins the execution config treats as "paper" and "live" when refusing a key on the wrong host. */
export function tradingOrigins(hosts: Readonly<Record<AlpacaKeyMode, AlpacaHosts>>): Record<AlpacaKeyMode, string> {
  return { paper: new URL(hosts.paper.tradingUrl).origin, live: new URL(hosts.live.tradingUrl).origin };
}
