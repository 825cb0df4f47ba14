import type { IncomingMessage } from 'node:http';
import type { EpochMs } from '../../../src-shared/time.js';
import { decode, encode } from '@msgpack/msgpack';
import type { RawData, WebSocket } from 'ws';
import type { FaultPlan } from '../faults.js';
import { parseOcc } from '../market/options-chain.js';
import { TestFeed } from '../market/test-feed.js';
import type { MarketEvent, MarketSource } from '../market/types.js';
import { jsonTime, msgpackTime, OPTION_CHANNELS, optionQuoteMessage, optionTradeMessage, STOCK_CHANNELS, stockMessage, stockRoute, type StockChannel } from './market-data-frames.js';
import type { StreamEndpoint } from '../server/route-types.js';

/**
 * Alpaca's market data WebSocket for stocks (/v2/{iex,sip,delayed_sip,test}) and options (/v1beta1/{indicative,
 * opra}): connect, authenticate (headers or an auth message within the time limit), one connection per key per
 * endpoint, subscribe/unsubscribe answered with the full subscription, data in batched frames. JSON unless the
 * handshake asks for msgpack; options are msgpack only.
 */
export interface MarketDataStreamOptions {
  market: MarketSource;
  keys: ReadonlyMap<string, string>;
  faults: FaultPlan;
  /** Alpaca allows 10 s; tests shorten it. */
  authTimeoutMs?: number;
  /**
   * Most distinct symbols one stock connection may have across its trades and quotes (bars and the other
   * channels are unlimited); beyond it a subscribe is refused with 405 and the previous set stays. Alpaca's free
   * plan allows 30; `Infinity` is the paid plans.
   */
  symbolLimit?: number;
  /** Feeds /v2/test (FAKEPACA at all hours); without one that endpoint carries no data. */
  testFeed?: TestFeed;
}

export const DEFAULT_SYMBOL_LIMIT = 30;
const TEST_PATH = '/v2/test';
/** Channels that are counted against the symbol limit. */
const LIMITED_CHANNELS: readonly StockChannel[] = ['trades', 'quotes'];

const STOCK_PATHS = ['/v2/iex', '/v2/sip', '/v2/delayed_sip', '/v2/test'];
const OPTION_PATHS = ['/v1beta1/indicative', '/v1beta1/opra'];
const ERRORS: Record<number, string> = {
  400: 'invalid syntax',
  401: 'not authenticated',
  402: 'auth failed',
  403: 'already authenticated',
  404: 'auth timeout',
  405: 'symbol limit exceeded',
  406: 'connection limit exceeded',
  410: 'invalid subscribe action for this feed',
};

interface Connection {
  socket: WebSocket;
  path: string;
  options: boolean;
  msgpack: boolean;
  keyId: string | undefined;
  subscriptions: Map<StockChannel, Set<string>>;
  /** Options: when each contract's quote was last sent, and its last trade's time. */
  lastQuote: Map<string, number>;
  lastTrade: Map<string, number>;
}

export class MarketDataStream implements StreamEndpoint {
  private readonly connections = new Set<Connection>();

  constructor(private readonly options: MarketDataStreamOptions) {
    options.market.onEvents((events) => this.dispatch(events, false));
    options.faults.onDisconnect((kind) => {
      if (kind !== 'market_data' && kind !== 'all') return;
      for (const c of this.connections) c.socket.close(1001, 'disconnected');
    });
  }

  matches(path: string): boolean {
    return STOCK_PATHS.includes(path) || OPTION_PATHS.includes(path);
  }

  onConnection(socket: WebSocket, request: IncomingMessage): void {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const isOptions = OPTION_PATHS.includes(path);
    const contentType = String(request.headers['content-type'] ?? '');
    const c: Connection = {
      socket,
      path,
      options: isOptions,
      msgpack: isOptions || contentType.includes('msgpack'),
      keyId: undefined,
      subscriptions: new Map((isOptions ? OPTION_CHANNELS : STOCK_CHANNELS).map((ch) => [ch, new Set<string>()])),
      lastQuote: new Map(),
      lastTrade: new Map(),
    };
    this.connections.add(c);
    this.send(c, [{ T: 'success', msg: 'connected' }]);
    const timer = setTimeout(() => {
      if (c.keyId === undefined) {
        this.error(c, 404);
        socket.close();
      }
    }, this.options.authTimeoutMs ?? 10_000);
    socket.on('close', () => {
      clearTimeout(timer);
      this.connections.delete(c);
    });
    socket.on('message', (data: RawData, isBinary: boolean) => this.onMessage(c, data, isBinary));
    const keyId = request.headers['apca-api-key-id'];
    const secret = request.headers['apca-api-secret-key'];
    if (typeof keyId === 'string' && typeof secret === 'string') this.authenticate(c, keyId, secret);
  }

  private onMessage(c: Connection, data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let message: unknown;
    try {
      message = isBinary && c.msgpack ? decode(bytes) : JSON.parse(bytes.toString('utf8'));
    } catch {
      this.error(c, 400);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return this.error(c, 400);
    const m = message as Record<string, unknown>;
    if (m.action === 'auth') {
      if (typeof m.key !== 'string' || typeof m.secret !== 'string') return this.error(c, 400);
      return this.authenticate(c, m.key, m.secret);
    }
    if (m.action === 'subscribe' || m.action === 'unsubscribe') {
      if (c.keyId === undefined) return this.error(c, 401);
      // The option feed has trades and quotes only; asking it for a stock channel is not a syntax error.
      if (c.options && STOCK_CHANNELS.some((ch) => !OPTION_CHANNELS.includes(ch) && m[ch] !== undefined)) return this.error(c, 410);
      const next = new Map([...c.subscriptions].map(([ch, set]) => [ch, new Set(set)]));
      for (const [channel, set] of next) {
        const symbols = m[channel];
        if (symbols === undefined) continue;
        if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) return this.error(c, 400);
        for (const s of symbols as string[]) {
          if (m.action === 'subscribe') set.add(s);
          else set.delete(s);
        }
      }
      if (!c.options && this.limitedSymbolCount(next) > (this.options.symbolLimit ?? DEFAULT_SYMBOL_LIMIT)) return this.error(c, 405);
      c.subscriptions = next;
      return this.send(c, [{ T: 'subscription', ...Object.fromEntries([...c.subscriptions].map(([ch, set]) => [ch, [...set]])) }]);
    }
    this.error(c, 400);
  }

  /** Distinct symbols across the limited channels; a wildcard stands for every symbol the market lists. */
  private limitedSymbolCount(subscriptions: ReadonlyMap<StockChannel, ReadonlySet<string>>): number {
    const symbols = new Set<string>();
    for (const channel of LIMITED_CHANNELS) {
      for (const s of subscriptions.get(channel) ?? []) {
        if (s === '*') for (const asset of this.options.market.assets()) symbols.add(asset.symbol);
        else symbols.add(s);
      }
    }
    return symbols.size;
  }

  /** Moves the test feed to `time` and sends its events to the /v2/test connections. */
  advanceTestFeed(time: EpochMs): void {
    const feed = this.options.testFeed;
    if (!feed) return;
    const events = feed.advanceTo(time);
    if (events.length > 0) this.dispatch(events, true);
  }

  private authenticate(c: Connection, keyId: string, secret: string): void {
    if (c.keyId !== undefined) return this.error(c, 403);
    if (this.options.keys.get(keyId) !== secret) return this.error(c, 402);
    for (const other of this.connections) {
      if (other !== c && other.keyId === keyId && other.path === c.path) {
        this.error(c, 406);
        c.socket.close();
        return;
      }
    }
    c.keyId = keyId;
    this.send(c, [{ T: 'success', msg: 'authenticated' }]);
  }

  private error(c: Connection, code: number): void {
    this.send(c, [{ T: 'error', code, msg: ERRORS[code] ?? 'internal error' }]);
  }

  private send(c: Connection, messages: Record<string, unknown>[]): void {
    if (this.options.faults.current.streamsSilent || c.socket.readyState !== c.socket.OPEN) return;
    c.socket.send(c.msgpack ? encode(messages) : JSON.stringify(messages));
  }

  private wants(c: Connection, channel: StockChannel, symbol: string): boolean {
    const set = c.subscriptions.get(channel);
    return set !== undefined && (set.has(symbol) || set.has('*'));
  }

  private dispatch(events: MarketEvent[], fromTestFeed = false): void {
    for (const c of this.connections) {
      if (c.keyId === undefined || (c.path === TEST_PATH) !== fromTestFeed) continue;
      const time = c.msgpack ? msgpackTime : jsonTime;
      const frame: Record<string, unknown>[] = [];
      if (c.options) {
        this.optionMessages(c, events, frame);
      } else {
        // The route first: at hundreds of quotes a second, building messages nobody subscribed to costs more than sending.
        for (const event of events) {
          const { channel, symbol } = stockRoute(event);
          if (this.wants(c, channel, symbol)) frame.push(stockMessage(event, time).message);
        }
      }
      if (frame.length > 0) this.send(c, frame);
    }
  }

  /** Option quotes follow the underlying's quotes (at most one a second per contract) through the model. */
  private optionMessages(c: Connection, events: MarketEvent[], frame: Record<string, unknown>[]): void {
    const underlyings = new Map<string, number>();
    for (const e of events) if (e.kind === 'quote') underlyings.set(e.quote.symbol, e.quote.t);
    if (underlyings.size === 0) return;
    const symbols = new Set([...(c.subscriptions.get('quotes') ?? []), ...(c.subscriptions.get('trades') ?? [])]);
    for (const symbol of symbols) {
      const underlying = parseOcc(symbol)?.underlying;
      const t = underlying === undefined ? undefined : underlyings.get(underlying);
      if (t === undefined) continue;
      if (t - (c.lastQuote.get(symbol) ?? 0) < 1000) continue;
      const snapshot = this.options.market.optionSnapshot(symbol);
      if (!snapshot) continue;
      c.lastQuote.set(symbol, t);
      if (this.wants(c, 'quotes', symbol)) frame.push(optionQuoteMessage(symbol, snapshot, msgpackTime));
      const trade = snapshot.trade;
      if (trade && this.wants(c, 'trades', symbol) && c.lastTrade.get(symbol) !== trade.t) {
        c.lastTrade.set(symbol, trade.t);
        frame.push(optionTradeMessage(symbol, trade, msgpackTime));
      }
    }
  }
}
