import type { Database } from 'better-sqlite3';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { ChainResponse, IvHistoryResponse } from '../../src-shared/ipc/options-schemas.js';
import type { AlpacaDataConfig } from '../adapters/alpaca/market-data/config.js';
import { AlpacaOptionsRest, type OptionSnapshotValue } from '../adapters/alpaca/market-data/options-rest.js';
import { AlpacaMarketDataRest } from '../adapters/alpaca/market-data/rest-client.js';
import { nyDate } from '../exchange/market/ny-time.js';
import { openHistoryDatabase } from '../history/history-db.js';
import type { Logger } from '../logging/logger.js';
import { healthOf, type Service } from '../services/service.js';
import { buildChain } from './chain.js';
import { ivPointsOf, ivRankAndPercentile } from './iv-metrics.js';
import { IvRecorder } from './iv-recorder.js';
import { IvStore } from './iv-store.js';

export interface OptionsServiceOptions {
  log: Logger;
  /** The current mode's data endpoints and keys (demo: the local exchange). */
  config: () => AlpacaDataConfig;
  /** history.sqlite, where the daily IV figures are kept; none: IV history is unavailable. */
  historyFile?: string;
  /** Symbols whose IV is recorded each weekday from 15:45 New York (the watchlists'); none: only on request. */
  recordSymbols?: () => readonly string[];
}

/**
 * Option data for the GUI and the command line: an underlying's chain from the current mode's market (Alpaca, or
 * demo mode's local exchange) with IV and greeks (computed here where the snapshot lacks them), and the daily IV
 * record (ATM IV per expiry, 25-delta skew, 30-day IV) with IV rank and percentile. Clients are made per call from
 * the mode's config, so a mode switch needs nothing here.
 */
export class OptionsService implements Service {
  readonly name = 'options';
  private db: Database | undefined;
  private store: IvStore | undefined;
  private lastError: string | null = null;
  private clients: { config: AlpacaDataConfig; options: AlpacaOptionsRest; stocks: AlpacaMarketDataRest } | undefined;

  constructor(private readonly options: OptionsServiceOptions) {}

  private recorder: IvRecorder | undefined;

  start(): void {
    const symbols = this.options.recordSymbols;
    if (!symbols || !this.options.historyFile) return;
    this.recorder = new IvRecorder({
      symbols,
      record: (symbol) => this.recordIv(symbol),
      onError: (symbol, error) => this.options.log.warn('options', `daily IV of ${symbol} not recorded: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.recorder.start();
  }

  stop(): void {
    this.recorder?.stop();
    this.recorder = undefined;
    this.db?.close();
    this.db = undefined;
    this.store = undefined;
  }

  health() {
    return healthOf(this.name, this.lastError ? 'degraded' : 'ok', this.lastError ?? 'chains from the current mode; IV history in history.sqlite');
  }

  private api(): { options: AlpacaOptionsRest; stocks: AlpacaMarketDataRest; config: AlpacaDataConfig } {
    const config = this.options.config();
    if (!this.clients || this.clients.config !== config) {
      const options = new AlpacaOptionsRest(config);
      this.clients = { config, options, stocks: new AlpacaMarketDataRest(config, options.limiter) };
    }
    return this.clients;
  }

  private ivStore(): IvStore {
    if (!this.options.historyFile) throw new CodedError('UNAVAILABLE', 'IV history needs the history store, which this workstation has none of');
    if (!this.store) {
      this.db = openHistoryDatabase(this.options.historyFile);
      this.store = new IvStore(this.db);
    }
    return this.store;
  }

  /** The underlying's price: its latest trade, else its quote's mid. */
  async spot(underlying: string, signal?: AbortSignal): Promise<number | null> {
    const { stocks } = this.api();
    const trades = await stocks.latestTrades([underlying], signal);
    const trade = trades.get(underlying);
    if (trade && trade.price > 0) return trade.price;
    const quotes = await stocks.latestQuotes([underlying], signal);
    const q = quotes.get(underlying);
    return q && q.bid > 0 && q.ask > 0 ? (q.bid + q.ask) / 2 : null;
  }

  async chain(underlying: string, expiry: string | undefined, signal?: AbortSignal): Promise<ChainResponse> {
    const { options, config } = this.api();
    try {
      const [all, spot, contracts] = await Promise.all([
        options.chain(underlying, signal ? { signal } : {}),
        this.spot(underlying, signal),
        options.contracts({ underlyings: [underlying], ...(expiry ? { expiration: expiry } : {}), ...(signal ? { signal } : {}) }).catch(() => []),
      ]);
      const expirations = [...new Set(all.map((s) => expirationOf(s)).filter((d): d is string => d !== undefined))].sort();
      const wanted = expiry ? all.filter((s) => expirationOf(s) === expiry) : all;
      const asOf = latestTime(all) ?? Date.now();
      const { rows, computed } = buildChain({ snapshots: wanted, contracts, spot, now: asOf });
      this.lastError = null;
      return { underlying, spot, asOf, expirations, rows, source: config.source, computed };
    } catch (error) {
      this.lastError = `chain ${underlying}: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    }
  }

  /** Records today's IV points of the underlying (from its chain now); returns the date and the expiries recorded. */
  async recordIv(underlying: string, signal?: AbortSignal): Promise<{ date: string; points: number }> {
    const chain = await this.chain(underlying, undefined, signal);
    if (chain.spot === null) throw new CodedError('UNAVAILABLE', `no price for ${underlying}: cannot find the at-the-money strike`);
    const date = nyDate(chain.asOf);
    const points = ivPointsOf(chain.rows, chain.spot, date);
    this.ivStore().record(underlying, date, points, Date.now());
    return { date, points: points.length };
  }

  ivHistory(underlying: string, days = 252): IvHistoryResponse {
    const store = this.ivStore();
    const daily = store.daily(underlying, days);
    const stats = ivRankAndPercentile(daily.map((d) => d.iv30));
    return { underlying, daily, latest: store.latestPoints(underlying), ivRank: stats?.rank ?? null, ivPercentile: stats?.percentile ?? null };
  }
}

function expirationOf(s: OptionSnapshotValue): string | undefined {
  const m = /^[A-Z]{1,6}(\d{2})(\d{2})(\d{2})[CP]\d{8}$/.exec(s.symbol);
  return m ? `20${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function latestTime(list: readonly OptionSnapshotValue[]): number | undefined {
  let t: number | undefined;
  for (const s of list) if (s.quote && (t === undefined || s.quote.t > t)) t = s.quote.t;
  return t;
}
