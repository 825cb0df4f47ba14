import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 45_000;

/**
 * A bot's equity curve (the Bots tab detail) is stored in the app database: after the workstation stops and starts
 * again on the same SQLite files, the stopped bot's detail shows the same curve, and a new run continues it.
 */
describe('bot equity curve across a restart', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  const open: Workstation[] = [];

  const startWorkstation = async (): Promise<Workstation> => {
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    const workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    open.push(workstation);
    await workstation.start();
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'reconciliation');
    return workstation;
  };
  const until = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + WAIT_MS;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    // 30x: a minute of the exchange's clock every two seconds, so the curve gains a point every two seconds.
    exchange = await startExchange({ seed: 5, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'bots-equity-'));
  });

  afterAll(async () => {
    for (const w of open) await w.stop().catch(() => undefined);
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the stopped bot shows the same curve after a restart, and its next run continues it', async () => {
    const first = await startWorkstation();
    first.bots.save({ name: 'curve', strategy: 'sma-cross', params: { fast: 2, slow: 5, size: 1 }, symbols: ['MSFT'], timeframe: '1Min' });
    const id = first.bots.list().find((b) => b.name === 'curve')!.id;
    await first.bots.startBot(id);
    await until(() => first.bots.detail(id, 10).equity.length >= 3, 'three equity points');
    first.bots.stopBot(id);
    const before = first.bots.detail(id, 10).equity;
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.every((p, i) => i === 0 || p.t > before[i - 1]!.t)).toBe(true);
    await first.stop();

    const second = await startWorkstation();
    expect(second.bots.list().find((b) => b.id === id)?.state).toBe('stopped');
    expect(second.bots.detail(id, 10).equity).toEqual(before);
    await second.bots.startBot(id);
    await until(() => second.bots.detail(id, 10).equity.length >= before.length + 2, 'new points after the restart');
    const after = second.bots.detail(id, 10).equity;
    // The stored points come first; the last stored one may be replaced if the new run began in its minute.
    expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
    expect(after[after.length - 1]!.t).toBeGreaterThan(before[before.length - 1]!.t);
    second.bots.stopBot(id);
    await second.stop();
  }, 120_000);
});
