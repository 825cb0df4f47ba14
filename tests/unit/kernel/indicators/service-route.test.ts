// The `indicators` service through the real router of a real (demo-mode) workstation: payloads are validated by
// the contract's schemas, parameters by the registry, and the numbers are the library's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../../src-shared/ipc/contract.js';
import { computeIndicator } from '../../../../src-main/kernel/indicators/index.js';
import { startTestWorkstation, type TestWorkstation } from '../../../support/workstation.js';
import { loadDaily } from './series.js';

const context = () => ({ signal: new AbortController().signal, peer: 'test' });

describe('indicators service', () => {
  let test: TestWorkstation;
  beforeAll(async () => {
    test = await startTestWorkstation();
  });
  afterAll(() => test.dispose());
  const call = (channel: string, request: unknown) => test.workstation.router.dispatch(channel, request, context());

  const d = loadDaily('nvda-2014.txt');
  const bars = Array.from(d.close, (c, i) => ({ t: d.time[i]!, o: d.open[i]!, h: d.high[i]!, l: d.low[i]!, c, v: d.volume[i]! }));

  it('lists the registry with parameters, outputs and panes, valid against the contract', async () => {
    const reply = await call('indicators.list', {});
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(invokeChannels.get('indicators.list')!.spec.response.safeParse(reply.value).success).toBe(true);
    const list = (reply.value as { indicators: { id: string; pane: string }[] }).indicators;
    expect(list.find((m) => m.id === 'rsi')?.pane).toBe('sub');
    expect(list.find((m) => m.id === 'bollinger')?.pane).toBe('overlay');
  });

  it('computes an indicator over sent bars: the library\'s values, NaN sent as null', async () => {
    const reply = await call('indicators.compute', { indicator: 'bollinger', params: { period: 10 }, bars });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as { params: Record<string, number>; t: number[]; outputs: Record<string, (number | null)[]> };
    expect(value.params).toEqual({ period: 10, k: 2 });
    expect(value.t).toEqual(bars.map((b) => b.t));
    const direct = computeIndicator('bollinger', { period: 10 }, { high: d.high, low: d.low, close: d.close, volume: d.volume });
    expect(value.outputs.upper!.slice(0, 9)).toEqual(Array(9).fill(null));
    expect(value.outputs.upper!.slice(9)).toEqual(Array.from(direct.upper!.subarray(9)));
  });

  it('refuses bad parameters and bad requests with BAD_REQUEST and a message that names the problem', async () => {
    const badParam = await call('indicators.compute', { indicator: 'rsi', params: { period: -3 }, bars });
    expect(badParam).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!badParam.ok) expect(badParam.error.message).toMatch(/Period must be a whole number/);
    const unknown = await call('indicators.compute', { indicator: 'nope', bars });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const neither = await call('indicators.compute', { indicator: 'rsi' });
    expect(neither).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const pair = await call('indicators.compute', { indicator: 'beta', bars });
    expect(pair).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!pair.ok) expect(pair.error.message).toMatch(/needs a benchmark/);
  });

  it('computes over a symbol\'s history read through marketData.bars (demo exchange)', async () => {
    const history = await call('marketData.bars', { symbol: 'AAPL', timeframe: '1Day', limit: 200 });
    expect(history.ok).toBe(true);
    if (!history.ok) return;
    const hb = (history.value as { bars: typeof bars }).bars;
    expect(hb.length).toBeGreaterThan(30);
    const reply = await call('indicators.compute', { indicator: 'rsi', symbol: 'AAPL', timeframe: '1Day', limit: 200 });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as { t: number[]; outputs: { rsi: (number | null)[] } };
    expect(value.t).toEqual(hb.map((b) => b.t));
    const closes = Float64Array.from(hb, (b) => b.c);
    const direct = computeIndicator('rsi', {}, { high: closes, low: closes, close: closes, volume: closes }).rsi!;
    expect(value.outputs.rsi.map((x) => x ?? NaN)).toEqual(Array.from(direct));
  });
});
