import { describe, expect, it } from 'vitest';
import { resolveExecutionConfig, type ExecutionConfigInput } from '../../../../src-main/adapters/alpaca/execution/execution-config.js';

const code = (input: ExecutionConfigInput): string => {
  try {
    resolveExecutionConfig(input);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('execution configuration checks', () => {
  it('paces 3 a second with a burst of 10 by default; depth plus a minute of refill stays under 200', () => {
    const base = { mode: 'demo', keyId: 'PKDEMO', secret: 's', baseUrl: 'http://127.0.0.1:4000' } as const;
    expect(resolveExecutionConfig(base)).toMatchObject({ requestsPerSecond: 3, burst: 10 });
    for (const requestsPerSecond of [1, 2, 3, 3.2]) {
      const c = resolveExecutionConfig({ ...base, requestsPerSecond });
      expect(c.burst).toBeGreaterThanOrEqual(requestsPerSecond);
      expect(c.burst + 60 * requestsPerSecond).toBeLessThanOrEqual(200);
    }
    expect(resolveExecutionConfig({ ...base, burst: 4 }).burst).toBe(4);
  });

  it('demo trades against loopback only', () => {
    expect(code({ mode: 'demo', keyId: 'PKDEMO', secret: 's', baseUrl: 'http://127.0.0.1:4000' })).toBe('ok');
    expect(resolveExecutionConfig({ mode: 'demo', keyId: 'PKDEMO', secret: 's', baseUrl: 'http://127.0.0.1:4000' }).streamUrl).toBe('ws://127.0.0.1:4000/stream');
    expect(code({ mode: 'demo', keyId: 'PKDEMO', secret: 's', baseUrl: 'http://10.0.0.2:4000' })).toBe('DEMO_NOT_LOOPBACK');
  });

  it('paper keys never reach the live host, live keys never the paper host', () => {
    expect(code({ mode: 'paper', keyId: 'PKABC', secret: 's' })).toBe('ok');
    expect(code({ mode: 'live', keyId: 'PKABC', secret: 's', liveConfirmed: true })).toBe('PAPER_KEY_ON_LIVE_HOST');
    expect(code({ mode: 'paper', keyId: 'AKABC', secret: 's' })).toBe('LIVE_KEY_ON_PAPER_HOST');
    expect(code({ mode: 'paper', keyId: 'PKABC', secret: 's', baseUrl: 'https://api.alpaca.markets' })).toBe('PAPER_KEY_ON_LIVE_HOST');
    expect(code({ mode: 'live', keyId: 'AKABC', secret: 's', baseUrl: 'https://paper-api.alpaca.markets', liveConfirmed: true })).toBe('LIVE_KEY_ON_PAPER_HOST');
  });

  it('live needs its own keys and an explicit confirmation', () => {
    expect(code({ mode: 'live', keyId: 'AKABC', secret: 's' })).toBe('LIVE_NOT_CONFIRMED');
    expect(code({ mode: 'live', keyId: 'AKABC', secret: 's', liveConfirmed: true })).toBe('ok');
    expect(code({ mode: 'live', keyId: 'AKABC', secret: '' , liveConfirmed: true })).toBe('MISSING_KEYS');
  });
});
