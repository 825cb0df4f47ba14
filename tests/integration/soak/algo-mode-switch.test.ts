import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';
import { startRecordingExchange, type RecordingExchange } from '../../support/soak/recording-exchange.js';
import { SoakHost } from '../../support/soak/soak-host.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Found by the soak (seed 164751, step 48, on 0aeeecb): a mode switch while a TWAP is sending its children killed the
 * host: "TypeError: The database connection is not open" thrown from OrderJournal.getOrder <- OrderManager.order <-
 * AlgoEngine.children <- tally <- progressOf <- publish <- finish <- sendChild, uncaught (exit code 1). The algo
 * engine publishes progress after the order service closed its journal. Here the same, a few times over: a TWAP of
 * three slices over 3 s, then trading.setMode demo -> demo (the restart every switch makes) while it runs.
 */
describe('a mode switch while an algo runs', () => {
  let rex: RecordingExchange;
  let sh: SoakHost;
  let dataDir: string;
  beforeAll(async () => {
    ensureBuilt('main');
    rex = await startRecordingExchange({ seed: 3 });
    dataDir = mkdtempSync(join(tmpdir(), 'algo-switch-'));
    sh = new SoakHost(dataDir, rex);
    await sh.start();
  });
  afterAll(async () => {
    await sh?.stop();
    await rex?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the host running (no uncaught exception, no unhandled rejection)', { timeout: 240_000 }, async () => {
    const steps: string[] = [];
    for (let round = 0; round < 6 && sh.host.exit() === null; round++) {
      // Reconciled first, or the algo's children would only be refused.
      for (let waited = 0; waited < 60_000; waited += 200) {
        const status = await sh.gui.call('orders.status', {});
        if (status.ok && (status.value as { reconciliation: unknown }).reconciliation !== null) break;
        await sleep(200);
      }
      const algo = await sh.gui.call('orders.algoStart', { kind: 'twap', symbol: 'AAPL', side: round % 2 ? 'buy' : 'sell', qty: 6, durationMs: 3_000, slices: 3 });
      await sleep(200 + round * 300);
      const switched = await sh.gui.call('trading.setMode', { mode: 'demo' }, 60_000);
      steps.push(`round ${round}: algo ${algo.ok}, switch ${switched.ok ? 'ok' : switched.error.code}, host exit ${JSON.stringify(sh.host.exit())}`);
      await sleep(1_500);
    }
    const detail = `${steps.join('\n')}\n${sh.host.stderr().slice(-2_000)}`;
    expect(sh.host.exit(), detail).toBeNull();
    expect(sh.host.crashed(), detail).toBe(false);
  });
});
