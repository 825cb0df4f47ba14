import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule, FiredAlert } from '../../../src-shared/ipc/alerts-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { computeIndicator } from '../../../src-main/kernel/indicators/registry.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ipcCaller } from '../../support/ipc-call.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const MIN = 60_000;
const WAIT_MS = 60_000;

/**
 * Indicator-condition alerts in a real workstation against the local exchange's market (60x simulated speed: a
 * minute bar a second): "RSI(2) of AAPL on 1Min crosses above 50" warms up from history and fires on the live
 * bars; every firing is a real crossing of the exchange's own bars (RSI computed here, independently, over
 * them), and every crossing between the first and last firing fired exactly once.
 */
describe('indicator alert rules against the local exchange', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  const published: FiredAlert[] = [];

  const call = ipcCaller(() => workstation);

  beforeAll(async () => {
    exchange = await startExchange({ seed: 31, speed: 60, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'indicator-alerts-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    workstation.hub.subscribe('alerts.fired', (batch) => published.push(...(batch.items as FiredAlert[])));
  });

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a condition the registry does not have, in words', async () => {
    const base = { kind: 'indicator', symbol: 'AAPL', timeframe: '1Min', direction: 'crosses-above', level: 70 };
    await expect(call('alerts.saveRule', { name: 'bad period', condition: { ...base, indicator: 'rsi', params: { period: 0 } } })).rejects.toThrow(/BAD_REQUEST .*period/i);
    await expect(call('alerts.saveRule', { name: 'bad output', condition: { ...base, indicator: 'rsi', output: 'upper' } })).rejects.toThrow(/BAD_REQUEST .*no output "upper"/);
    await expect(call('alerts.saveRule', { name: 'pair', condition: { ...base, indicator: 'correlation' } })).rejects.toThrow(/BAD_REQUEST .*one symbol/);
  });

  it('fires once per crossing of RSI(2) above 50 on live minute bars, each a crossing of the exchange\'s bars', async () => {
    const { rules } = await call<{ rules: AlertRule[] }>('alerts.saveRule', {
      name: 'AAPL RSI(2) up through 50',
      // Every crossing is news here: no cooldown (the default would hold back crossings within 5 minutes).
      repeat: 'cooldown',
      cooldownSeconds: 0,
      condition: { kind: 'indicator', symbol: 'AAPL', timeframe: '1Min', indicator: 'rsi', params: { period: 2 }, direction: 'crosses-above', level: 50 },
    });
    const rule = rules.find((r) => r.name === 'AAPL RSI(2) up through 50')!;
    const mine = (): FiredAlert[] => published.filter((f) => f.ruleId === rule.id);
    // Warm: the rule has a value from history before the first live bar.
    await expect.poll(() => workstation.alerts.indicatorState().find((s) => s.ruleId === rule.id)?.warm, { timeout: WAIT_MS }).toBe(true);
    expect(Number.isFinite(workstation.alerts.indicatorState().find((s) => s.ruleId === rule.id)!.value)).toBe(true);
    await expect.poll(() => mine().length, { timeout: WAIT_MS, interval: 100 }).toBeGreaterThanOrEqual(3);

    const fired = mine().slice().sort((a, b) => a.at - b.at);
    expect(new Set(fired.map((f) => f.eventKey)).size).toBe(fired.length);
    expect(fired.every((f) => f.kind === 'indicator' && /^RSI\(2\) of AAPL on 1Min crossed above 50\.00/.test(f.message))).toBe(true);

    // The exchange's own minute bars, RSI(2) over them (from 400 bars before: Wilder smoothing forgets its start).
    const first = fired[0]!.at;
    const last = fired.at(-1)!.at;
    const bars = exchange.market.bars('AAPL', { amount: 1, unit: 'Min' }, first - 400 * MIN, last + MIN);
    const close = Float64Array.from(bars, (b) => b.c);
    const rsi = computeIndicator('rsi', { period: 2 }, { high: close, low: close, close, volume: close }).rsi!;
    const index = new Map(bars.map((b, i) => [b.t, i]));
    for (const f of fired) {
      const i = index.get(f.at)!;
      expect(i).toBeGreaterThan(0);
      expect(rsi[i - 1]!).toBeLessThan(50);
      expect(rsi[i]!).toBeGreaterThanOrEqual(50);
      expect(f.value).toBeCloseTo(rsi[i]!, 6);
    }
    const crossings: number[] = [];
    for (let i = index.get(first)!; i <= index.get(last)!; i++) if (rsi[i - 1]! < 50 && rsi[i]! >= 50) crossings.push(bars[i]!.t);
    expect(fired.map((f) => f.at)).toEqual(crossings);

    // Stored once per crossing.
    const { fired: stored } = await call<{ fired: FiredAlert[] }>('alerts.history', { limit: 1000 });
    const storedMine = stored.filter((f) => f.ruleId === rule.id && f.at <= last);
    expect(storedMine.map((f) => f.at).sort((a, b) => a - b)).toEqual(crossings);
  }, 120_000);

  it('on 5Min, judges each bar once the next one begins, and starts again from history after missed bars: every firing a crossing of the exchange\'s 5-minute bars', async () => {
    const { rules } = await call<{ rules: AlertRule[] }>('alerts.saveRule', {
      name: 'AAPL 5Min RSI(2) down through 50',
      repeat: 'cooldown',
      cooldownSeconds: 0,
      condition: { kind: 'indicator', symbol: 'AAPL', timeframe: '5Min', indicator: 'rsi', params: { period: 2 }, direction: 'crosses-below', level: 50 },
    });
    const rule = rules.find((r) => r.name === 'AAPL 5Min RSI(2) down through 50')!;
    const mine = (): FiredAlert[] => published.filter((f) => f.ruleId === rule.id);
    const state = () => workstation.alerts.indicatorState().find((s) => s.ruleId === rule.id)!;
    const FIVE = 5 * MIN;
    // A 5-minute bar every 5 s at 60x.
    await expect.poll(() => mine().length, { timeout: 100_000, interval: 200 }).toBeGreaterThanOrEqual(1);
    // The stream goes silent for 8 s (8 minutes of market: at least one whole bar unseen), then drops and reconnects.
    const rewarmsBefore = state().rewarms;
    const silentAt = exchange.clock.now();
    exchange.faults.set({ streamsSilent: true });
    await new Promise((resolve) => setTimeout(resolve, 8000));
    exchange.faults.set({ streamsSilent: false });
    exchange.faults.disconnectStreams('market_data');
    const resumedAt = exchange.clock.now();
    await expect.poll(() => state().rewarms, { timeout: WAIT_MS }).toBeGreaterThan(rewarmsBefore);
    await expect.poll(() => mine().filter((f) => f.at > resumedAt).length, { timeout: 100_000, interval: 200 }).toBeGreaterThanOrEqual(1);

    const fired = mine().slice().sort((a, b) => a.at - b.at);
    const bars = exchange.market.bars('AAPL', { amount: 5, unit: 'Min' }, fired[0]!.at - 300 * FIVE, fired.at(-1)!.at + FIVE);
    const close = Float64Array.from(bars, (b) => b.c);
    const rsi = computeIndicator('rsi', { period: 2 }, { high: close, low: close, close, volume: close }).rsi!;
    const index = new Map(bars.map((b, i) => [b.t, i]));
    for (const f of fired) {
      expect(f.at % FIVE).toBe(0);
      const i = index.get(f.at)!;
      expect(rsi[i - 1]!).toBeGreaterThan(50);
      expect(rsi[i]!).toBeLessThanOrEqual(50);
      expect(f.value).toBeCloseTo(rsi[i]!, 6);
      expect(f.message).toMatch(/^RSI\(2\) of AAPL on 5Min crossed below 50\.00/);
    }
    // Every crossing fired once, except bars that completed while the stream was silent or reconnecting (a bar
    // nobody saw complete is not acted on late).
    const crossings: number[] = [];
    for (let i = index.get(fired[0]!.at)!; i <= index.get(fired.at(-1)!.at)!; i++) {
      const doneAt = bars[i]!.t + FIVE;
      const unseen = doneAt > silentAt && doneAt <= resumedAt + 2 * MIN;
      if (!unseen && rsi[i - 1]! > 50 && rsi[i]! <= 50) crossings.push(bars[i]!.t);
    }
    expect(fired.map((f) => f.at).filter((t) => { const doneAt = t + FIVE; return !(doneAt > silentAt && doneAt <= resumedAt + 2 * MIN); })).toEqual(crossings);
  }, 200_000);
});
