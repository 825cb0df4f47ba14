import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../src-shared/ipc/contract.js';
import { startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';
import type { NewsListResponse } from '../../../src-shared/ipc/news-schemas.js';

const context = () => ({ signal: new AbortController().signal, peer: 'test' });
const WEEK = 7 * 86_400_000;

/** news.list through the real router of a real workstation in demo mode (the local exchange's synthetic wire). */
describe('news over the IPC router in demo mode', () => {
  let test: TestWorkstation;
  beforeAll(async () => {
    test = await startTestWorkstation();
  });
  afterAll(() => test.dispose());

  it('answers a week of scored headlines, newest first, with insights, within the contract', async () => {
    const reply = await test.workstation.router.dispatch('news.list', { symbols: [], windowMs: WEEK, limit: 300 }, context());
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    if (!reply.ok) return;
    expect(invokeChannels.get('news.list')!.spec.response.safeParse(reply.value).success).toBe(true);
    const value = reply.value as NewsListResponse;
    expect(value.headlines.length).toBeGreaterThan(5);
    const times = value.headlines.map((h) => h.t);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.every((t) => t > value.asOf - WEEK - 60_000 && t <= value.asOf + 60_000)).toBe(true);
    // The synthetic wire words every headline by the sign of its move: none reads neutral to the scorer.
    expect(value.headlines.every((h) => h.source === 'synthetic' && h.sentiment.label !== 'neutral')).toBe(true);
    for (const insight of value.insights) {
      const own = value.headlines.filter((h) => h.symbols.includes(insight.symbol));
      expect(own.length).toBeGreaterThan(0);
      expect(insight.reason.length).toBeGreaterThan(10);
    }
  });

  it('filters by symbol and refuses a bad window with BAD_REQUEST', async () => {
    const reply = await test.workstation.router.dispatch('news.list', { symbols: ['nvda', 'aapl'], windowMs: WEEK }, context());
    expect(reply.ok).toBe(true);
    if (reply.ok) expect((reply.value as NewsListResponse).headlines.every((h) => h.symbols.some((s) => s === 'NVDA' || s === 'AAPL'))).toBe(true);
    expect(await test.workstation.router.dispatch('news.list', { symbols: [], windowMs: 10 }, context())).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
