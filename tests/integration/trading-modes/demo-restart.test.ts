import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EXCHANGE_STATE_FILE } from '../../../src-main/exchange/demo-state.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ensureBuilt } from '../../support/build.js';

const WAIT_MS = 30_000;

/**
 * Demo mode across a restart of the workstation on the same data folder: the demo exchange's account is kept
 * beside the demo order journal, so reconciliation agrees and trading stays ACTIVE with the same position
 * (before, the exchange started empty: "AAPL: 1 here, 0 at the broker", HALTED after every restart).
 */
const WORKER = join(__dirname, '..', '..', '..', 'dist', 'main', 'exchange-worker.mjs');

// In its worker thread (as the app runs it) and in-process (running from source).
describe.each([
  ['worker thread', true],
  ['in-process', false],
])('demo account across a workstation restart (%s)', (_name, inWorker) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-restart-'));
  const open: Workstation[] = [];
  afterAll(async () => {
    for (const w of open) await w.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const until = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + WAIT_MS;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const start = async (): Promise<Workstation> => {
    if (inWorker) ensureBuilt('exchange-worker');
    const workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, ...(inWorker ? { exchangeWorkerScript: WORKER } : {}) });
    open.push(workstation);
    await workstation.start();
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'reconciliation');
    return workstation;
  };

  const aapl = (w: Workstation): string | undefined => w.orders.manager.positionRecords().find((p) => p.symbol === 'AAPL')?.qty;

  it('fills in demo, restarts, and trades on: reconciliation OK, ACTIVE, the same position', async () => {
    const first = await start();
    expect(first.mode).toBe('demo');
    expect(first.demoExchange.inWorker).toBe(inWorker);
    // Marketable in every session the demo clock can be in (pre-market, regular or after hours).
    const preview = await first.orders.manager.preview({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket');
    const limitPrice = (Number(preview.referencePrice) * 1.01).toFixed(2);
    const buy = await first.orders.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice, timeInForce: 'day', qty: '1', extendedHours: true }, 'ticket');
    if (!buy.ok) throw new Error(`${buy.code}: ${buy.message}`);
    await until(() => aapl(first) === '1', 'the fill');
    await first.stop();
    expect(existsSync(join(dataDir, DEMO_EXCHANGE_STATE_FILE))).toBe(true);

    const second = await start();
    const report = second.orders.manager.reconciliation;
    expect(report?.differences ?? []).toEqual([]);
    expect(report?.ok).toBe(true);
    expect(second.orders.manager.riskState.state).toBe('ACTIVE');
    expect(aapl(second)).toBe('1');
    const positions = await second.orders.manager.accountSnapshot();
    expect(positions.positions.map((p) => [p.symbol, p.qty])).toEqual([['AAPL', '1']]);
    await second.stop();
  }, 120_000);
});
