import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ServiceHealth } from '../../src-shared/ipc/schemas.js';
import { healthOf } from '../services/service.js';
import type { Workstation } from '../services/workstation.js';
import { shippedModels, WORKER_BUNDLE_FILES, type AppFiles } from './app-files.js';

/** One check's result, and what a trader does about it when it is not ok. */
export interface HealthCheck extends ServiceHealth {
  fix?: string;
}

const GENERIC_FIX = 'read the reason on this line; run again with --log-level debug for the service log';
/** What to do about a service that is not ok, where the service's own detail is not enough. */
const SERVICE_FIX: Record<string, string> = {
  storage: 'a database from a newer build needs that build; a full or read-only disk needs space or write permission on the data folder (--data-dir)',
  secrets: 'start the OS keychain (Secret Service, e.g. gnome-keyring; on a server: dbus-run-session with gnome-keyring-daemon --unlock), or give the keys as APCA_API_KEY_ID/APCA_API_SECRET_KEY',
  'event-loop': 'the machine is busy (or something blocks the loop): close other heavy work and run health again',
  'trading-mode': 'enter the keys of this mode in Settings (or APCA_API_KEY_ID/APCA_API_SECRET_KEY), or run with --mode demo',
  orders: 'see the broker-account line below; enter valid keys for this mode in Settings',
  'market-data': 'see the data: lines below; charts fall back to the offline cache meanwhile',
};

/** How long a broker or data provider has to answer before its check fails. */
const ANSWER_MS = 10_000;
const PROBE_SYMBOL = 'SPY';

function check(name: string, ok: boolean, detail: string, fix: string): HealthCheck {
  return ok ? healthOf(name, 'ok', detail) : { ...healthOf(name, 'down', detail), fix };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function within<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(`${what} did not answer within ${ms / 1000} s`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The files a start needs: the GUI build, the worker bundles, the shipped models. */
export function fileChecks(files: AppFiles): HealthCheck[] {
  const built = existsSync(join(files.rendererDir, 'index.html'));
  const out: HealthCheck[] = [
    check('gui-build', built, built ? files.rendererDir : `no GUI build in ${files.rendererDir}`, 'run `npm run build` (from a checkout) or reinstall the app'),
  ];
  for (const file of WORKER_BUNDLE_FILES) {
    const path = join(files.mainDir, file);
    const found = existsSync(path);
    out.push(check(`worker:${file.replace(/\.mjs$/, '')}`, found, found ? path : `missing ${path}`, 'run `npm run build` (from a checkout) or reinstall the app'));
  }
  const models = shippedModels(files.modelsDir);
  if (models.length === 0) out.push(healthOf('models', 'ok', `no models shipped in ${files.modelsDir}`));
  for (const model of models) {
    out.push(
      check(
        `model:${model.name}@${model.version}`,
        model.missing.length === 0,
        model.missing.length === 0 ? model.dir : `${model.dir} lacks ${model.missing.join(' and ')}`,
        `restore ${model.dir} (model.onnx and card.json) from the release, or reinstall the app`,
      ),
    );
  }
  return out;
}

/** The native modules load and work in this runtime (a Node/Electron ABI mismatch shows here, not mid-session). */
export function nativeChecks(): HealthCheck[] {
  const require = createRequire(import.meta.url);
  const out: HealthCheck[] = [];
  try {
    const Database = require('better-sqlite3') as new (path: string) => { prepare(sql: string): { get(): unknown }; close(): void };
    const db = new Database(':memory:');
    db.prepare('SELECT 1').get();
    db.close();
    out.push(healthOf('native:better-sqlite3', 'ok', 'loads and runs a query'));
  } catch (error) {
    out.push({
      ...healthOf('native:better-sqlite3', 'down', `cannot load: ${message(error)}`),
      fix: 'run `npm rebuild better-sqlite3` for this Node (for the Electron app: `npm run electron:native`), or reinstall the app',
    });
  }
  try {
    const keytar = require('keytar') as { getPassword?: unknown };
    if (typeof keytar.getPassword !== 'function') throw new Error('getPassword is missing');
    out.push(healthOf('native:keytar', 'ok', 'loads (the OS keychain is reachable through it)'));
  } catch (error) {
    out.push({
      ...healthOf('native:keytar', 'down', `cannot load: ${message(error)}`),
      fix: 'install libsecret (Debian: `apt-get install libsecret-1-0`) and run `npm rebuild keytar`; until then keys can come from APCA_API_KEY_ID/APCA_API_SECRET_KEY',
    });
  }
  return out;
}

/** A real account call with the stored mode's keys: demo asks the local exchange, paper and live ask Alpaca. */
export async function brokerCheck(workstation: Workstation): Promise<HealthCheck> {
  const mode = workstation.mode;
  const name = 'broker-account';
  try {
    const { account } = await within(ANSWER_MS, 'the broker', () => workstation.orders.manager.accountSnapshot());
    return healthOf(name, 'ok', `${mode}: account ${account.status}, equity ${account.equity}, buying power ${account.buyingPower}`);
  } catch (error) {
    const text = message(error);
    const refused = /\b(401|403)\b|unauthori[sz]ed|forbidden|not authorized/i.test(text);
    const fix =
      mode === 'demo'
        ? 'the local exchange did not answer: run `workstation health` again; if it persists, see the demo-exchange line above'
        : refused
          ? `the broker refused the ${mode} keys: enter valid ${mode} keys in Settings (or APCA_API_KEY_ID/APCA_API_SECRET_KEY), then run health again`
          : `cannot reach Alpaca for ${mode}: check the network and https://status.alpaca.markets, then run health again`;
    return { ...healthOf(name, 'down', `${mode}: ${text}`), fix };
  }
}

/** Each market-data provider of the chain answers a small bars request (an empty answer is an answer). */
export async function providerChecks(workstation: Workstation): Promise<HealthCheck[]> {
  let providers;
  try {
    providers = workstation.marketData.providers.providers;
  } catch (error) {
    return [{ ...healthOf('data-providers', 'down', message(error)), fix: 'see the market-data line above' }];
  }
  const end = Date.now();
  const request = { symbol: PROBE_SYMBOL, timeframe: '1Day' as const, start: end - 14 * 86_400_000, end, limit: 5 };
  return Promise.all(
    providers.map(async (provider): Promise<HealthCheck> => {
      const name = `data:${provider.source}`;
      try {
        const bars = await within(ANSWER_MS, provider.source, (signal) => provider.bars(request, signal));
        return healthOf(name, 'ok', bars === undefined ? `answers (no ${PROBE_SYMBOL} daily bars held)` : `answers: ${bars.length} ${PROBE_SYMBOL} daily bars of the last two weeks`);
      } catch (error) {
        const fix =
          provider.source === 'history-store'
            ? `the offline cache cannot be read: check ${workstation.options.dataDir}/history.sqlite (move it aside to start a fresh one)`
            : provider.source === 'catalog'
              ? 'the history catalog (WORKSTATION_CATALOG) cannot be read: check the folder or the bucket, WORKSTATION_S3_ENDPOINT and the S3 credentials (workstation catalog ls says more)'
              : provider.source === 'synthetic'
              ? 'the built-in synthetic provider failed: reinstall the app'
              : `${provider.source} did not answer: check the keys (Settings) and the network; charts fall back to the offline cache meanwhile`;
        return { ...healthOf(name, 'down', message(error)), fix };
      }
    }),
  );
}

/**
 * The checks `workstation health` runs: every service's own health, the files a start needs, the native modules,
 * the broker accepting the stored mode's keys, and each data provider answering. The loop monitor needs a moment of
 * samples before its figures mean anything.
 */
export async function runHealthChecks(workstation: Workstation, files: AppFiles): Promise<HealthCheck[]> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  const results: HealthCheck[] = workstation.registry.health().map((h) => (h.state === 'ok' ? h : { ...h, fix: SERVICE_FIX[h.name] ?? GENERIC_FIX }));
  const [broker, providers] = await Promise.all([brokerCheck(workstation), providerChecks(workstation)]);
  return results.concat(fileChecks(files), nativeChecks(), [broker], providers);
}

/** The report as text: one line a check, and under each that is not ok, what to do. */
export function healthText(results: readonly HealthCheck[], ok: boolean): string {
  const width = results.reduce((w, r) => Math.max(w, r.name.length), 12);
  let out = '';
  for (const r of results) {
    out += `${r.state === 'ok' ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(width)} ${r.detail}\n`;
    if (r.state !== 'ok' && r.fix) out += `      ${' '.repeat(width)} -> ${r.fix}\n`;
  }
  return `${out}${ok ? 'healthy' : 'unhealthy'}\n`;
}
