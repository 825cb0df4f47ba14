import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExchange, type ExchangeOptions, type RunningExchange } from '../../src-main/exchange/exchange.js';
import { startHost, type RunningHost } from '../../src-main/host/host.js';
import { Workstation } from '../../src-main/services/workstation.js';
import { waitUntil } from './ipc-call.js';

export interface TestWorkstation {
  workstation: Workstation;
  dataDir: string;
  dispose(): Promise<void>;
}

/** A real workstation (real SQLite file in a fresh folder) for tests. */
export async function startTestWorkstation(): Promise<TestWorkstation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'workstation-test-'));
  const workstation = new Workstation({ dataDir, shell: 'headless', logLevel: 'debug' });
  await workstation.start();
  return {
    workstation,
    dataDir,
    dispose: async () => {
      await workstation.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ExchangeWorkstation extends TestWorkstation {
  exchange: RunningExchange;
}

/**
 * The local exchange on loopback and a real workstation trading on it in demo (no keychain), answered once its order
 * stream is up and the start-up reconciliation is done: the set-up of the live bot tests.
 */
export async function startWorkstationOnExchange(options: ExchangeOptions, folderPrefix = 'exchange-ws-'): Promise<ExchangeWorkstation> {
  const exchange = await startExchange(options);
  const dataDir = mkdtempSync(join(tmpdir(), folderPrefix));
  const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
  const workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
  const dispose = async (): Promise<void> => {
    await workstation.stop();
    await exchange.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await workstation.start();
    const { orders } = workstation;
    await waitUntil(() => orders.ready && orders.manager.streamReady && orders.manager.reconciliation !== undefined, 'the orders stream and reconciliation', 40_000, 100);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { exchange, workstation, dataDir, dispose };
}

export async function startTestHost(
  workstation: Workstation,
  options: { token?: string; port?: number; authTimeoutMs?: number } = {},
): Promise<RunningHost> {
  return startHost({
    workstation,
    rendererDir: join(__dirname, '..', '..', 'dist', 'renderer'),
    port: options.port ?? 0,
    ...(options.token ? { token: options.token } : {}),
    ...(options.authTimeoutMs ? { authTimeoutMs: options.authTimeoutMs } : {}),
  });
}
