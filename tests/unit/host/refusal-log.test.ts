import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../src-main/host/refusal-log.js';
import { Logger } from '../../../src-main/logging/logger.js';

describe('RefusalLog', () => {
  it('logs the first refusal of a window at once and the rest as one count when the window ends', () => {
    const log = new Logger();
    let fire: (() => void) | undefined;
    const refusals = new RefusalLog(log, { windowMs: 60_000, setTimer: (fn) => ((fire = fn), 1), clearTimer: () => (fire = undefined) });
    for (let i = 0; i < 1000; i++) refusals.refuse(i % 2 ? 'auth-failed' : 'frame-too-big', `ws:127.0.0.1:${i}`);
    expect(log.recent(10).map((e) => e.message)).toEqual(['refused a WebSocket connection: frame-too-big']);
    fire?.();
    const summary = log.recent(10)[1];
    expect(summary?.message).toBe('refused 1000 WebSocket connections in the last 60 s');
    expect(summary?.fields).toMatchObject({ total: 1000, byReason: { 'auth-failed': 500, 'frame-too-big': 500 }, lastPeer: 'ws:127.0.0.1:999' });
    // A quiet window writes nothing; the next refusal opens a new window with its own first line.
    refusals.flush();
    refusals.refuse('auth-timeout', 'ws:127.0.0.1:1');
    fire?.();
    expect(log.recent(10).map((e) => e.message).slice(2)).toEqual(['refused a WebSocket connection: auth-timeout']);
  });
});
