import { describe, expect, it } from 'vitest';
import { decodeResult, encodeResult } from '../../../src-main/distributed/codec.js';
import { decodeDataset, encodeDataset } from '../../../src-main/distributed/dataset.js';
import { parseQueueUrl, redact, urlHasPassword } from '../../../src-main/distributed/redis/url.js';
import { loadMarketData } from '../../../src-main/backtest/load-data.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { join } from 'node:path';

describe('queue URLs', () => {
  it('reads host, port, database, queue name and TLS; the password from the URL or the environment, never shown', () => {
    const a = parseQueueUrl('rediss://user:s3cret@cache.example:6380/2?queue=research', {});
    expect(a.target).toMatchObject({ host: 'cache.example', port: 6380, db: 2, username: 'user', password: 's3cret', tls: {} });
    expect(a.queue).toBe('research');
    expect(a.display).toBe('rediss://user:***@cache.example:6380/2?queue=research');
    expect(a.display).not.toContain('s3cret');
    const b = parseQueueUrl('redis://10.0.0.5', { WORKSTATION_REDIS_PASSWORD: 'fromenv' });
    expect(b.target).toMatchObject({ host: '10.0.0.5', port: 6379, db: 0, password: 'fromenv' });
    expect(b.queue).toBe('workstation');
    expect(redact('redis://:pw@h:1/0')).toBe('redis://:***@h:1/0');
    expect(urlHasPassword('redis://:pw@h:1/0')).toBe(true);
    expect(urlHasPassword('redis://h:1/0')).toBe(false);
  });
  it.each([
    ['http://h:1/0', /must start with redis:\/\/ or rediss:\/\//],
    ['redis://h:1/16', /database in --queue must be 0-15/],
    ['redis://h:1/0?queue=a:b', /queue name must be/],
    ['not a url', /--queue must be a URL/],
  ])('refuses %s with a message that says what to write', (url, message) => {
    expect(() => parseQueueUrl(url, {})).toThrow(message);
  });
});

describe('what travels in a job', () => {
  it('a dataset comes back with every float64 bit as sent, and a changed one is refused', () => {
    const market = loadMarketData({ files: [join(YAHOO_DAILY_DIR, 'orcl-2003-2005.txt')] });
    const { text, sha256 } = encodeDataset(market);
    const back = decodeDataset(text, sha256);
    expect(back.symbols).toEqual(market.symbols);
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (const f of ['t', 'o', 'h', 'l', 'c', 'v'] as const) expect(bytes(back.columns[0]![f])).toEqual(bytes(market.columns[0]![f]));
    expect(() => decodeDataset(text.replace('"ORCL"', '"ORCX"'), sha256)).toThrow(/arrived changed/);
  });
  it('results keep Infinity, NaN, null and key order (JSON would not)', () => {
    const value = { profitFactor: Infinity, sharpe: null, expectancy: -1.5e-300, odd: NaN, items: [{ b: 1, a: 0.1 + 0.2 }] };
    const back = decodeResult(encodeResult(value)) as typeof value;
    expect(back.profitFactor).toBe(Infinity);
    expect(back.sharpe).toBeNull();
    expect(back.expectancy).toBe(-1.5e-300);
    expect(Number.isNaN(back.odd)).toBe(true);
    expect(Object.keys(back.items[0]!)).toEqual(['b', 'a']);
    expect(back.items[0]!.a).toBe(0.1 + 0.2);
  });
});
