import { afterEach, describe, expect, it } from 'vitest';
import { isTerminal } from '../../../src-shared/domain/order-status.js';
import { AlgoEngine } from '../../../src-main/kernel/algos/algo-engine.js';
import type { AlgoProgress, VolumeSource } from '../../../src-main/kernel/algos/algo-types.js';
import { historicalVwapProfile } from '../../../src-main/kernel/algos/volume-profile.js';
import { SESSION_START, startHarness, type Harness } from '../orders/harness.js';

/**
 * Execution algorithms against the local exchange over HTTP and WebSocket, on a simulated clock at 60x: every
 * child goes through the order manager and the risk engine; the broker's view is checked at the end.
 */
const SPEED = 60;
const WAIT = { timeout: 20_000, interval: 50 };

describe('execution algorithms against the local exchange', () => {
  let h: Harness | undefined;
  let engine: AlgoEngine | undefined;

  afterEach(async () => {
    engine?.stop();
    await h?.close();
    h = undefined;
  });

  const setUp = async (limits: Record<string, string> = {}, volume?: VolumeSource): Promise<{ h: Harness; engine: AlgoEngine; events: AlgoProgress[] }> => {
    h = await startHarness({ exchange: { speed: SPEED }, limits });
    const harness = h;
    engine = new AlgoEngine({ orders: harness.manager, log: harness.log, now: () => harness.exchange.clock.now(), tickMs: 20, ...(volume ? { volume } : {}) });
    const events: AlgoProgress[] = [];
    engine.onProgress((p) => events.push(p));
    return { h: harness, engine, events };
  };

  const childQtys = (engine: AlgoEngine, id: string): string[] => engine.children(id).map((c) => c.intent.qty ?? '');
  const brokerChildren = async (harness: Harness, engine: AlgoEngine, id: string) => {
    const ids = new Set(engine.children(id).map((c) => c.clientOrderId));
    return (await harness.brokerOrders()).filter((o) => ids.has(o.client_order_id));
  };

  it('TWAP: five equal slices over five simulated minutes, each a risk-checked child; the position is the parent quantity', async () => {
    const { h, engine, events } = await setUp();
    const started = engine.start({ kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 10, durationMs: 5 * 60_000, slices: 5 });
    await expect.poll(() => engine.get(started.id)?.status, WAIT).toBe('completed');
    expect(childQtys(engine, started.id)).toEqual(['2', '2', '2', '2', '2']);
    const children = engine.children(started.id);
    expect(children.every((c) => c.parentClientOrderId === started.id && c.source === `algo:${started.id}` && c.status === 'filled')).toBe(true);
    // Slices are spread over the schedule, not sent at once: a simulated minute apart (the journal's times are
    // wall time, the exchange runs at 60x), give or take a tick.
    const gaps = children.slice(1).map((c, i) => c.createdAt - children[i]!.createdAt);
    expect(Math.min(...gaps)).toBeGreaterThan(50_000 / SPEED);
    const broker = await brokerChildren(h, engine, started.id);
    expect(broker.map((o) => o.status)).toEqual(['filled', 'filled', 'filled', 'filled', 'filled']);
    expect((await h.brokerPositions()).find((p) => p.symbol === 'AAPL')?.qty).toBe('10');
    const last = events.at(-1)!;
    expect(last).toMatchObject({ id: started.id, status: 'completed', filledQty: 10, targetQty: 10, childrenSent: 5, childrenFilled: 5, openChildren: 0 });
    // Progress rose step by step.
    const filled = events.filter((e) => e.id === started.id).map((e) => e.filledQty);
    expect(filled).toEqual([...filled].sort((a, b) => a - b));
    expect(new Set(filled).size).toBeGreaterThan(2);
  });

  it('VWAP: slices follow the volume profile', async () => {
    const { h, engine } = await setUp();
    const started = engine.start({ kind: 'vwap', symbol: 'SPY', side: 'buy', qty: 10, durationMs: 3 * 60_000, profile: [0.2, 0.6, 0.2] });
    await expect.poll(() => engine.get(started.id)?.status, WAIT).toBe('completed');
    expect(childQtys(engine, started.id)).toEqual(['2', '6', '2']);
    expect((await h.brokerPositions()).find((p) => p.symbol === 'SPY')?.qty).toBe('10');
  });

  it('iceberg: one child of the display size at a time until the whole quantity is done', async () => {
    const { h, engine } = await setUp();
    // Every order event the manager emits: how many of this parent's children were working at once.
    const working = new Map<string, boolean>();
    let mostWorking = 0;
    h.manager.events.on('order', (o) => {
      if (!o.parentClientOrderId?.startsWith('algo-iceberg')) return;
      working.set(o.clientOrderId, !isTerminal(o.status));
      mostWorking = Math.max(mostWorking, [...working.values()].filter(Boolean).length);
    });
    const quote = await h.venue.latestQuote('AAPL');
    const marketable = (Number(quote!.ask) * 1.01).toFixed(2);
    const started = engine.start({ kind: 'iceberg', symbol: 'AAPL', side: 'buy', qty: 9, limitPrice: marketable, displayQty: 4 });
    await expect.poll(() => engine.get(started.id)?.status, WAIT).toBe('completed');
    expect(childQtys(engine, started.id)).toEqual(['4', '4', '1']);
    expect(mostWorking).toBe(1);
    expect((await h.brokerPositions()).find((p) => p.symbol === 'AAPL')?.qty).toBe('9');
  });

  it('POV: children follow a share of the observed volume', async () => {
    const listeners: Array<(size: number, at: number) => void> = [];
    const volume: VolumeSource = {
      onTrade: (_symbol, listener) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    const { h, engine } = await setUp({}, volume);
    const started = engine.start({ kind: 'pov', symbol: 'AAPL', side: 'buy', qty: 12, participation: 0.1 });
    const trade = (size: number) => listeners.forEach((l) => l(size, h.exchange.clock.now()));
    trade(55);
    await expect.poll(() => engine.get(started.id)?.filledQty, WAIT).toBe(5);
    trade(45);
    await expect.poll(() => engine.get(started.id)?.filledQty, WAIT).toBe(10);
    expect(childQtys(engine, started.id)).toEqual(['5', '5']);
    trade(1000);
    await expect.poll(() => engine.get(started.id)?.status, WAIT).toBe('completed');
    expect(childQtys(engine, started.id)).toEqual(['5', '5', '2']);
    expect(listeners).toHaveLength(0);
  });

  it('cancelling a parent cancels its open children at the exchange and sends no more', async () => {
    const { h, engine } = await setUp();
    const quote = await h.venue.latestQuote('AAPL');
    const far = (Number(quote!.bid) * 0.7).toFixed(2);
    const started = engine.start({ kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 10, durationMs: 5 * 60_000, slices: 5, limitPrice: far });
    await expect.poll(() => engine.get(started.id)?.childrenSent, WAIT).toBeGreaterThanOrEqual(2);
    const canceled = await engine.cancel(started.id);
    expect(canceled.status).toBe('canceled');
    await expect.poll(async () => (await brokerChildren(h, engine, started.id)).map((o) => o.status).filter((s) => s !== 'canceled'), WAIT).toEqual([]);
    const sent = engine.children(started.id).length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(engine.children(started.id)).toHaveLength(sent);
    expect(engine.get(started.id)).toMatchObject({ openChildren: 0, filledQty: 0 });
  });

  it('a child over a risk limit is denied with its code, never sent, and stops the parent', async () => {
    const { h, engine } = await setUp({ maxOrderQty: '3' });
    const started = engine.start({ kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 10, durationMs: 2 * 60_000, slices: 2 });
    await expect.poll(() => engine.get(started.id)?.status, WAIT).toBe('failed');
    expect(engine.get(started.id)?.reason).toMatch(/^MAX_ORDER_QTY: /);
    expect(engine.children(started.id)).toEqual([]);
    expect(await h.brokerOrders()).toEqual([]);
    expect(h.manager.recentDenials(5).map((d) => [d.code, d.source])).toEqual([['MAX_ORDER_QTY', `algo:${started.id}`]]);
  });

  it('a TWAP whose window ended while the app was stopped sends nothing more on resume: failed with ALGO_WINDOW_ENDED, its working child cancelled', async () => {
    const { h } = await setUp();
    const store = h.journal;
    const first = new AlgoEngine({ orders: h.manager, log: h.log, now: () => h.exchange.clock.now(), tickMs: 20, store });
    engine = first;
    const quote = await h.venue.latestQuote('AAPL');
    const far = (Number(quote!.bid) * 0.7).toFixed(2);
    const started = first.start({ kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 10, durationMs: 2 * 60_000, slices: 2, limitPrice: far });
    await expect.poll(() => first.get(started.id)?.childrenSent, WAIT).toBe(1);
    // The app stops (its timers die with it); the schedule's two simulated minutes pass.
    first.stop();
    expect(store.getAlgo(started.id)).toMatchObject({ status: 'running', children: first.children(started.id).map((c) => c.clientOrderId) });
    await new Promise((resolve) => setTimeout(resolve, (2 * 60_000) / SPEED + 300));
    const second = new AlgoEngine({ orders: h.manager, log: h.log, now: () => h.exchange.clock.now(), tickMs: 20, store });
    engine = second;
    expect(second.resume()).toEqual([]);
    expect(second.get(started.id)).toMatchObject({ status: 'failed', childrenSent: 1 });
    expect(second.get(started.id)?.reason).toMatch(/^ALGO_WINDOW_ENDED: .*5 of 10 shares/);
    await expect.poll(async () => (await brokerChildren(h, second, started.id)).map((o) => o.status), WAIT).toEqual(['canceled']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.children(started.id)).toHaveLength(1);
    expect(store.getAlgo(started.id)?.status).toBe('failed');
  });

  it('finished parents are listed again after a restart, without resuming', async () => {
    const { h } = await setUp();
    const store = h.journal;
    const first = new AlgoEngine({ orders: h.manager, log: h.log, now: () => h.exchange.clock.now(), tickMs: 20, store });
    engine = first;
    const started = first.start({ kind: 'twap', symbol: 'SPY', side: 'buy', qty: 2, durationMs: 60_000, slices: 2 });
    await expect.poll(() => first.get(started.id)?.status, WAIT).toBe('completed');
    first.stop();
    const second = new AlgoEngine({ orders: h.manager, log: h.log, now: () => h.exchange.clock.now(), tickMs: 20, store });
    engine = second;
    expect(second.resume()).toEqual([]);
    expect(second.list()).toMatchObject([{ id: started.id, status: 'completed', filledQty: 2, childrenSent: 2 }]);
  });

  it('VWAP profile from the exchange: the same hour on past trading days, from one-minute bars over HTTP', async () => {
    const { h } = await setUp();
    const { profile, days } = await historicalVwapProfile(h.venue, 'AAPL', 4, 60 * 60_000);
    // A Wednesday: the week before holds five trading days (the weekend has no bars).
    expect(days).toBe(5);
    expect(profile).toHaveLength(4);
    expect(profile.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(profile.every((p) => p > 0)).toBe(true);
    const bars = await h.venue.minuteVolumes('AAPL', SESSION_START - 86_400_000, SESSION_START - 86_400_000 + 60 * 60_000);
    expect(bars.length).toBeGreaterThan(50);
  });
});
