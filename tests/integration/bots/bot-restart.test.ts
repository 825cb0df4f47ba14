import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 30_000;

/**
 * A bot left running when the workstation stops starts again in the next one (same SQLite files), only once the
 * start-up reconciliation reported no difference; one that was stopped stays stopped.
 */
describe('bots across a restart', () => {
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
    exchange = await startExchange({ seed: 5, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'bots-restart-'));
  });

  afterAll(async () => {
    for (const w of open) await w.stop().catch(() => undefined);
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts the bot that was running, after a clean reconciliation, and leaves the stopped one stopped', async () => {
    const first = await startWorkstation();
    const save = (name: string) => first.bots.save({ name, strategy: 'sma-cross', params: { fast: 2, slow: 5, size: 1 }, symbols: ['MSFT'], timeframe: '1Min' });
    save('runs');
    save('rests');
    const byName = (w: Workstation, name: string): BotDto => w.bots.list().find((b) => b.name === name)!;
    await first.bots.startBot(byName(first, 'runs').id);
    expect(byName(first, 'runs').state).toBe('running');
    await first.stop();

    const second = await startWorkstation();
    await until(() => byName(second, 'runs').state === 'running', 'the bot running again');
    expect(second.orders.manager.reconciliation?.ok).toBe(true);
    expect(byName(second, 'rests').state).toBe('stopped');
    second.bots.stopBot(byName(second, 'runs').id);
    await second.stop();
  }, 90_000);

  it('halts the bot that was running when start-up reconciliation finds a difference with the broker', async () => {
    const first = await startWorkstation();
    first.bots.save({ name: 'diff', strategy: 'sma-cross', params: { fast: 2, slow: 5, size: 1 }, symbols: ['MSFT'], timeframe: '1Min' });
    const diff = (w: Workstation): BotDto => w.bots.list().find((b) => b.name === 'diff')!;
    await first.bots.startBot(diff(first).id);
    // A working order far below the market: open at the broker when this workstation stops.
    const placed = await first.orders.manager.submit({ symbol: 'MSFT', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' }, 'ticket');
    expect(placed.ok).toBe(true);
    await first.stop();

    // The broker forgets it (a fresh exchange with the same keys): the journal's open order is unknown there.
    const keys = exchange.keys;
    await exchange.close();
    exchange = await startExchange({ seed: 5, speed: 30, startTime: SESSION_START, keys });
    const second = await startWorkstation();
    expect(second.orders.manager.reconciliation?.ok).toBe(false);
    await until(() => diff(second).state === 'halted', 'the bot halted');
    expect(diff(second).reason).toMatch(/start-up reconciliation found 1 difference\(s\) with the broker/);
    await expect(second.bots.startBot(diff(second).id)).rejects.toThrow(/halted \(reconciliation found/);
    await second.stop();
  }, 90_000);
});
