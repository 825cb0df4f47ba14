/**
 * What one headless host accepts, so that no client (a slow reader, a flood of strangers, a huge frame) can grow
 * main's memory or stall its loop. Defaults suit one trader with a few browser tabs; tests pass smaller ones.
 */
export interface HostLimits {
  /** Largest frame before the token is checked: an auth message is a few hundred bytes. */
  preAuthFrameBytes: number;
  /** Messages a socket may send before its token (the GUI sends one: the auth message). */
  preAuthMessages: number;
  /** Largest frame from an authenticated GUI (a saved layout, a long watchlist). */
  frameBytes: number;
  /** Open WebSockets at once, authenticated or not. */
  maxConnections: number;
  /** Of those, how many may be waiting to authenticate. */
  maxUnauthenticated: number;
  /** Above this many unsent bytes on a connection, its events are dropped (its replies still go). */
  sendHighWaterBytes: number;
  /** Above this many unsent bytes, the connection is closed whatever is queued: the reader is not reading. */
  sendLimitBytes: number;
  /** A connection whose events were dropped is closed after this long if it does not catch up. */
  slowReaderGraceMs: number;
  /** Refused connections are summarised in one log line per window of this length. */
  refusalWindowMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  preAuthFrameBytes: 4 * 1024,
  preAuthMessages: 8,
  frameBytes: 1024 * 1024,
  maxConnections: 64,
  maxUnauthenticated: 16,
  sendHighWaterBytes: 4 * 1024 * 1024,
  sendLimitBytes: 32 * 1024 * 1024,
  slowReaderGraceMs: 5_000,
  refusalWindowMs: 60_000,
};
