import { trading } from '@alpacahq/alpaca-trade-api';
import type { TradingMode } from '../../../../src-shared/domain/mode.js';

/**
 * Where and how the execution adapter trades. Demo, paper and live differ only here: demo points at the local
 * exchange on loopback, paper and live at Alpaca's hosts. The checks refuse the mistakes that cost money: paper
 * keys sent to the live host (or the reverse), and live trading without an explicit confirmation.
 */
export interface ExecutionConfigInput {
  mode: TradingMode;
  keyId: string;
  secret: string;
  /** Trading REST base. Demo: the local exchange (required). Paper/live: defaults to Alpaca's host for the mode. */
  baseUrl?: string;
  /** trade_updates WebSocket; derived from baseUrl when absent. */
  streamUrl?: string;
  /** Market data REST base (latest quotes for the price band); defaults to baseUrl in demo. */
  dataUrl?: string;
  /**
   * The trading origins that count as Alpaca's paper and live hosts for the wrong-key checks; default Alpaca's
   * own (tests point them at local exchanges, so the checks are exercised end to end).
   */
  hostOrigins?: { paper: string; live: string };
  /** Live only: the user confirmed, in the GUI, that this session trades real money. */
  liveConfirmed?: boolean;
  /** Per-request timeout; a write that times out has an unknown outcome. */
  timeoutMs?: number;
  /**
   * Client-side pacing of every request (a token bucket of this many a second, as deep). Alpaca allows 200 a
   * minute in fixed windows: 3 a second keeps any window at or under 183, so no 429 comes from our own pace.
   */
  requestsPerSecond?: number;
  /**
   * How many paced requests may leave at once when the bucket has rested (its depth). Default 10: with 3 a second,
   * any fixed minute window holds at most 10 + 180 = 190 of ours, under Alpaca's 200, while a bot's burst of
   * replaces (both sides of a quote, several symbols) leaves at once instead of a third of a second apart.
   */
  burst?: number;
}

export interface ExecutionConfig {
  mode: TradingMode;
  keyId: string;
  secret: string;
  baseUrl: string;
  streamUrl: string;
  dataUrl: string | undefined;
  timeoutMs: number;
  requestsPerSecond: number;
  burst: number;
}

export type ExecutionConfigErrorCode =
  | 'PAPER_KEY_ON_LIVE_HOST'
  | 'LIVE_KEY_ON_PAPER_HOST'
  | 'LIVE_NOT_CONFIRMED'
  | 'DEMO_NOT_LOOPBACK'
  | 'KEY_MODE_MISMATCH'
  | 'MISSING_KEYS'
  | 'BAD_URL';

export class ExecutionConfigError extends Error {
  constructor(
    readonly code: ExecutionConfigErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExecutionConfigError';
  }
}

/** Alpaca paper key ids start with PK, live key ids with AK. */
export function keyKind(keyId: string): 'paper' | 'live' | 'other' {
  if (keyId.startsWith('PK')) return 'paper';
  if (keyId.startsWith('AK')) return 'live';
  return 'other';
}

const DEFAULT_ORIGINS = { paper: new URL(trading.TRADING_PAPER_HOST).origin, live: new URL(trading.TRADING_LIVE_HOST).origin };

function parseUrl(value: string, what: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new ExecutionConfigError('BAD_URL', `${what} is not a URL: ${value}`);
  }
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

function streamUrlFor(base: URL): string {
  const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${base.host}/stream`;
}

export function resolveExecutionConfig(input: ExecutionConfigInput): ExecutionConfig {
  if (!input.keyId || !input.secret) throw new ExecutionConfigError('MISSING_KEYS', `${input.mode} trading needs an API key id and secret`);
  const kind = keyKind(input.keyId);
  const defaultBase = input.mode === 'live' ? trading.TRADING_LIVE_HOST : input.mode === 'paper' ? trading.TRADING_PAPER_HOST : undefined;
  const baseText = input.baseUrl ?? defaultBase;
  if (!baseText) throw new ExecutionConfigError('BAD_URL', 'demo mode needs the local exchange URL');
  const base = parseUrl(baseText, 'the trading URL');
  const streamUrl = input.streamUrl ?? streamUrlFor(base);
  const stream = parseUrl(streamUrl, 'the stream URL');
  const origins = input.hostOrigins ?? DEFAULT_ORIGINS;
  const liveHost = base.origin === origins.live || stream.host === new URL(origins.live).host;
  const paperHost = base.origin === origins.paper || stream.host === new URL(origins.paper).host;

  if (liveHost && kind !== 'live') throw new ExecutionConfigError('PAPER_KEY_ON_LIVE_HOST', 'refusing to send a non-live (paper) key to the live trading host');
  if (paperHost && kind === 'live') throw new ExecutionConfigError('LIVE_KEY_ON_PAPER_HOST', 'refusing to send a live key to the paper trading host');
  if (input.mode === 'demo') {
    if (!isLoopback(base) || !isLoopback(stream)) throw new ExecutionConfigError('DEMO_NOT_LOOPBACK', `demo mode trades only against the local exchange on loopback, not ${base.host}`);
    if (kind === 'live') throw new ExecutionConfigError('KEY_MODE_MISMATCH', 'a live key has no place in demo mode');
  }
  if (input.mode === 'paper') {
    if (kind !== 'paper') throw new ExecutionConfigError('KEY_MODE_MISMATCH', 'paper mode needs a paper key (its id starts with PK)');
    if (liveHost) throw new ExecutionConfigError('PAPER_KEY_ON_LIVE_HOST', 'paper mode cannot use the live host');
  }
  if (input.mode === 'live') {
    if (kind !== 'live') throw new ExecutionConfigError('KEY_MODE_MISMATCH', 'live mode needs a live key (its id starts with AK)');
    if (paperHost) throw new ExecutionConfigError('LIVE_KEY_ON_PAPER_HOST', 'live mode cannot use the paper host');
    if (input.liveConfirmed !== true) throw new ExecutionConfigError('LIVE_NOT_CONFIRMED', 'live trading needs an explicit confirmation in the GUI');
  }
  return {
    mode: input.mode,
    keyId: input.keyId,
    secret: input.secret,
    baseUrl: base.origin,
    streamUrl,
    dataUrl: input.dataUrl ?? (input.mode === 'demo' ? base.origin : undefined),
    timeoutMs: input.timeoutMs ?? 10_000,
    requestsPerSecond: input.requestsPerSecond ?? 3,
    // Deep enough for a bot's burst, shallow enough that depth + a minute's refill stays under 195 of Alpaca's 200.
    burst: input.burst ?? Math.max(input.requestsPerSecond ?? 3, Math.min(10, Math.floor(195 - 60 * (input.requestsPerSecond ?? 3)))),
  };
}
