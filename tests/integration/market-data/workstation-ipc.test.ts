import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../src-shared/ipc/contract.js';
import { startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';

const context = () => ({ signal: new AbortController().signal, peer: 'test' });

/** The marketData service through the real router of a real workstation, in demo mode (the local exchange). */
describe('marketData over the IPC router in demo mode', () => {
  let test: TestWorkstation;
  beforeAll(async () => {
    test = await startTestWorkstation();
  });
  afterAll(() => test.dispose());

  it('answers bars from the demo exchange, labelled with their source, within the contract', async () => {
    const reply = await test.workstation.router.dispatch('marketData.bars', { symbol: 'aapl', timeframe: '1Day', limit: 30 }, context());
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(invokeChannels.get('marketData.bars')!.spec.response.safeParse(reply.value).success).toBe(true);
    const value = reply.value as { symbol: string; source: string; bars: Array<{ t: number }> };
    expect(value.symbol).toBe('AAPL');
    expect(value.source, JSON.stringify(test.workstation.log.recent(50).filter((e) => e.source === 'market-data'))).toBe('demo-exchange');
    expect(value.bars).toHaveLength(30);
    expect(value.bars.map((b) => b.t)).toEqual([...value.bars.map((b) => b.t)].sort((a, b) => a - b));
  });

  it('validates symbols against the asset list: a listed symbol passes, an unknown one is refused with a reason', async () => {
    const reply = await test.workstation.router.dispatch('marketData.validateSymbols', { symbols: ['msft', 'ZZZZQ', '12$'] }, context());
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const value = reply.value as { valid: Array<{ symbol: string }>; invalid: Array<{ input: string; reason: string }> };
    expect(value.valid.map((a) => a.symbol)).toEqual(['MSFT']);
    expect(value.invalid.map((i) => i.input)).toEqual(['ZZZZQ', '12$']);
    expect(value.invalid[0]!.reason).toContain('ZZZZQ');
  });

  it('saves, lists and deletes named watchlists in the database', async () => {
    const saved = await test.workstation.router.dispatch('marketData.saveWatchlist', { name: 'Tech', symbols: ['nvda', 'MSFT', 'NVDA'] }, context());
    expect(saved).toMatchObject({ ok: true, value: { watchlists: [{ name: 'Default' }, { name: 'Tech', symbols: ['NVDA', 'MSFT'] }] } });
    const listed = await test.workstation.router.dispatch('marketData.watchlists', {}, context());
    expect(listed).toEqual(saved);
    const deleted = await test.workstation.router.dispatch('marketData.deleteWatchlist', { name: 'Tech' }, context());
    expect(deleted).toMatchObject({ ok: true, value: { watchlists: [{ name: 'Default' }] } });
    expect(await test.workstation.router.dispatch('marketData.deleteWatchlist', { name: 'Nope' }, context())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a watch holds the symbols until it is cancelled, then releases them', async () => {
    const controller = new AbortController();
    const pending = test.workstation.router.dispatch('marketData.watch', { symbols: ['SPY', 'SPY', 'TSLA'] }, { signal: controller.signal, peer: 'test' });
    await expect.poll(() => test.workstation.marketData.live.refs.count('TSLA')).toBe(1);
    expect(test.workstation.marketData.live.refs.count('SPY')).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(test.workstation.marketData.live.refs.count('TSLA')).toBe(0);
  });

  it('turns tick recording on and off per symbol, validating the payload with the contract', async () => {
    const on = await test.workstation.router.dispatch('marketData.recordTicks', { symbol: ' msft ', on: true }, context());
    expect(on).toEqual({ ok: true, value: { symbols: ['MSFT'] } });
    expect(test.workstation.marketData.live.refs.count('MSFT')).toBeGreaterThanOrEqual(1);
    expect(await test.workstation.router.dispatch('marketData.tickRecording', {}, context())).toEqual({ ok: true, value: { symbols: ['MSFT'] } });
    expect(await test.workstation.router.dispatch('marketData.recordTicks', { symbol: '12$', on: true }, context())).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await test.workstation.router.dispatch('marketData.recordTicks', { symbol: 'MSFT' }, context())).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await test.workstation.router.dispatch('marketData.recordTicks', { symbol: 'MSFT', on: false }, context())).toEqual({ ok: true, value: { symbols: [] } });
  });
});
