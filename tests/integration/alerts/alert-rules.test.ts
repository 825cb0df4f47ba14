import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule, FiredAlert } from '../../../src-shared/ipc/alerts-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ipcCaller } from '../../support/ipc-call.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 30_000;

/**
 * Alert rules in a real workstation against the local exchange's market (30x simulated speed), its orders and the
 * risk engine: each rule fires, and never twice for one event.
 */
describe('alert rules against the local exchange', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  let webhook: Server;
  const webhookBodies: unknown[] = [];
  const published: FiredAlert[] = [];
  const rules = new Map<string, AlertRule>();

  const call = ipcCaller(() => workstation);
  const addRule = async (name: string, condition: unknown, webhookUrl: string | null = null, repeat: Record<string, unknown> = {}): Promise<AlertRule> => {
    const { rules: all } = await call<{ rules: AlertRule[] }>('alerts.saveRule', { name, condition, webhookUrl, ...repeat });
    const made = all.find((r) => r.name === name)!;
    rules.set(name, made);
    return made;
  };
  const firedFor = (name: string): FiredAlert[] => published.filter((f) => f.ruleId === rules.get(name)?.id);
  const until = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + WAIT_MS;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        webhookBodies.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    exchange = await startExchange({ seed: 31, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'alerts-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    workstation.hub.subscribe('alerts.fired', (batch) => published.push(...(batch.items as FiredAlert[])));
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'the orders stream and reconciliation');
  });

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    await new Promise<void>((resolve) => webhook?.close(() => resolve()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('price crossings and a percent move fire on the live market, each crossing once', async () => {
    const snapshot = await call<{ snapshots: Array<{ latestTrade: { price: number } | null }> }>('marketData.snapshot', { symbols: ['AAPL'] });
    const price = snapshot.snapshots[0]!.latestTrade!.price;
    const port = (webhook.address() as AddressInfo).port;
    await addRule('AAPL up', { kind: 'price-above', symbol: 'AAPL', level: price * 1.0003 }, `http://127.0.0.1:${port}/hook`);
    await addRule('AAPL down', { kind: 'price-below', symbol: 'AAPL', level: price * 0.9997 });
    await addRule('AAPL moves', { kind: 'percent-move', symbol: 'AAPL', percent: 0.03, windowMinutes: 5 });
    await until(() => firedFor('AAPL moves').length > 0 && firedFor('AAPL up').length + firedFor('AAPL down').length > 0, 'a crossing and a move');

    for (const name of ['AAPL up', 'AAPL down', 'AAPL moves']) {
      const keys = firedFor(name).map((f) => f.eventKey);
      expect(new Set(keys).size, name).toBe(keys.length);
    }
    // Every firing of the up rule traded at or above its level; each has its own event.
    const upLevel = (rules.get('AAPL up')!.condition as { level: number }).level;
    const up = firedFor('AAPL up').map((f) => f.value!);
    for (const value of up) expect(value).toBeGreaterThanOrEqual(upLevel);
    if (up.length > 0) await until(() => webhookBodies.length >= 1, 'the webhook');
    expect(webhookBodies.every((b) => (b as { alert: FiredAlert }).alert.ruleName === 'AAPL up')).toBe(true);
    // Rules off: nothing more fires for them.
    for (const name of ['AAPL up', 'AAPL down', 'AAPL moves']) await call('alerts.deleteRule', { id: rules.get(name)!.id });
    const count = published.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(published.length).toBe(count);
  });

  it('a cooldown spaces a rule\'s firings (the report: 11 in 85 s), and a one-shot rule fires once and turns itself off', async () => {
    const moves = { kind: 'percent-move', symbol: 'AAPL', percent: 0.005, windowMinutes: 1 };
    await addRule('wiggles, no cooldown', moves, null, { cooldownSeconds: 0 });
    await addRule('wiggles, 60 s apart', moves, null, { cooldownSeconds: 60 });
    await addRule('once', moves, null, { repeat: 'once' });
    // 30x speed: four simulated minutes pass in about eight seconds.
    await until(() => {
      const spaced = firedFor('wiggles, 60 s apart');
      return spaced.length >= 3 && spaced.at(-1)!.at - spaced[0]!.at >= 120_000;
    }, 'three spaced firings');
    const spaced = firedFor('wiggles, 60 s apart').map((f) => f.at);
    for (let i = 1; i < spaced.length; i++) expect(spaced[i]! - spaced[i - 1]!).toBeGreaterThanOrEqual(60_000);
    // The same condition without a cooldown fires on (nearly) every wiggle over the same span.
    const free = firedFor('wiggles, no cooldown').filter((f) => f.at >= spaced[0]! && f.at <= spaced.at(-1)!);
    expect(free.length).toBeGreaterThan(spaced.length);
    expect(firedFor('once')).toHaveLength(1);
    const { rules: stored } = await call<{ rules: AlertRule[] }>('alerts.rules', {});
    expect(stored.find((r) => r.name === 'once')).toMatchObject({ enabled: false, repeat: 'once' });
    expect(stored.find((r) => r.name === 'wiggles, 60 s apart')).toMatchObject({ enabled: true, repeat: 'cooldown', cooldownSeconds: 60 });
    for (const name of ['wiggles, no cooldown', 'wiggles, 60 s apart', 'once']) await call('alerts.deleteRule', { id: rules.get(name)!.id });
  });

  it('an order filled fires once per order, a rejection once, a risk change once per change', async () => {
    await addRule('fills', { kind: 'order-filled' });
    await addRule('rejections', { kind: 'order-rejected' });
    await addRule('risk', { kind: 'risk-state' });
    for (const [i, qty] of ['1', '2'].entries()) {
      const result = await call<{ ok: boolean }>('orders.submit', { intent: { symbol: 'MSFT', side: 'buy', type: 'market', timeInForce: 'day', qty }, requestKey: `alert-test-fill-${i}` });
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    }
    await until(() => firedFor('fills').length === 2, 'two fills');
    // Selling more than the 3 shares held: the broker refuses it (403 insufficient qty) and the order ends rejected.
    const refused = await call<{ ok: boolean; order?: { status: string } }>('orders.submit', { intent: { symbol: 'MSFT', side: 'sell', type: 'market', timeInForce: 'day', qty: '50' }, requestKey: 'alert-test-reject' });
    expect(refused).toMatchObject({ ok: false, order: { status: 'rejected' } });
    await until(() => firedFor('rejections').length === 1, 'the rejection');
    await call('orders.killSwitch', { flatten: false });
    await until(() => firedFor('risk').length === 1, 'the risk change');
    await call('orders.resume', {});
    await until(() => firedFor('risk').length === 2, 'the second risk change');
    // Time for late or repeated order updates (trade_updates, reconciliation) to arrive: none may fire again.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(firedFor('fills')).toHaveLength(2);
    expect(new Set(firedFor('fills').map((f) => f.eventKey)).size).toBe(2);
    expect(firedFor('rejections')).toHaveLength(1);
    expect(firedFor('rejections')[0]!.message).toMatch(/MSFT .* rejected/);
    expect(firedFor('risk').map((f) => f.message)).toEqual([expect.stringMatching(/ACTIVE → HALTED/), expect.stringMatching(/HALTED → ACTIVE/)]);
  });

  it('stores every firing once, in the history the GUI reads', async () => {
    const { fired } = await call<{ fired: FiredAlert[] }>('alerts.history', { limit: 1000 });
    expect(published.length).toBeLessThan(1000);
    expect(fired.map((f) => f.id).sort((a, b) => a - b)).toEqual(published.map((f) => f.id).sort((a, b) => a - b));
    const keys = fired.map((f) => `${f.ruleId}|${f.eventKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(workstation.registry.health().find((h) => h.name === 'alerts')).toMatchObject({ state: 'ok' });
  });

  it('refuses a webhook that is not https (or loopback http)', async () => {
    const reply = await workstation.router.dispatch('alerts.saveRule', { name: 'x', condition: { kind: 'disconnect' }, webhookUrl: 'http://example.com/hook' }, { signal: new AbortController().signal, peer: 'test' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
