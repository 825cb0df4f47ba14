import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);

interface Check {
  name: string;
  state: string;
  detail: string;
  fix?: string;
}

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 90_000, env: { ...process.env, ...env } });
}

describe('components and health through the built CLI', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-components-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => {
    ensureBuilt('main');
    ensureBuilt('exchange-worker');
    ensureBuilt('renderer');
    for (const part of ['backtest-worker', 'history-read-worker']) {
      if (!existsSync(join(root, 'dist', 'main', `${part}.mjs`))) spawnSync(process.execPath, ['scripts/build.mjs', part], { cwd: root });
    }
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('components lists every service, strategy, data provider and worker bundle with state and version', () => {
    const run = cli(['components', '--json', '--data-dir', tempDir()]);
    expect(run.status, run.stderr).toBe(0);
    const { components } = JSON.parse(run.stdout) as { components: Array<{ kind: string; name: string; state: string; version: string; detail: string }> };
    const names = (kind: string) => components.filter((c) => c.kind === kind).map((c) => c.name);
    expect(names('service')).toEqual(expect.arrayContaining(['storage', 'trading-mode', 'demo-exchange', 'market-data', 'orders', 'backtest', 'alerts', 'bots']));
    expect(names('strategy')).toEqual([
      'sma-cross',
      'mean-reversion',
      'breakout',
      'trend-following',
      'swing',
      'momentum',
      'sector-rotation',
      'earnings-momentum',
      'pairs-trading',
      'stat-arb',
      'etf-basket-arb',
      'ml-signal',
      'market-making',
      'order-flow-imbalance',
      'intraday-stat-arb',
      'ensemble',
    ]);
    expect(names('data-provider')).toEqual(['demo-exchange', 'history-store', 'synthetic']);
    expect(names('worker-bundle').sort()).toEqual(['backtest-job-worker', 'backtest-worker', 'exchange-worker', 'history-read-worker', 'ml-hist-worker', 'ml-inference-worker', 'ml-train-worker', 'rebalance-worker', 'scan-worker']);
    // the shipped model (models/example/1) carries its card's version, everything else the app's
    expect(components.filter((c) => c.kind === 'model').map((c) => [c.name, c.state, c.version])).toEqual([['example', 'available', '1']]);
    for (const c of components.filter((x) => x.kind !== 'model')) {
      expect(c.version, c.name).toBe(packageJson.version);
      expect(c.state, c.name).toMatch(/^(ok|degraded|down|stopped|starting|available|missing)$/);
    }
    expect(components.find((c) => c.kind === 'service' && c.name === 'storage')!.state).toBe('ok');
    const text = cli(['components', '--data-dir', tempDir()]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^strategies \(16\)\n {2}sma-cross +available +\d/m);
    expect(text.stdout).toMatch(/^data providers \(3\)$/m);
  });

  it('health checks the files, the native modules, the demo broker account and each data provider', () => {
    const run = cli(['health', '--json', '--data-dir', tempDir()]);
    const report = JSON.parse(run.stdout) as { ok: boolean; services: Check[] };
    const byName = new Map(report.services.map((c) => [c.name, c]));
    for (const name of ['gui-build', 'worker:exchange-worker', 'worker:backtest-worker', 'worker:backtest-job-worker', 'worker:history-read-worker', 'native:better-sqlite3', 'native:keytar', 'broker-account', 'data:demo-exchange', 'data:history-store', 'data:synthetic']) {
      expect(byName.get(name), `${name}: ${JSON.stringify(byName.get(name))}`).toMatchObject({ state: 'ok' });
    }
    expect(byName.get('broker-account')!.detail).toMatch(/^demo: account ACTIVE, equity \d/);
    expect(byName.get('data:demo-exchange')!.detail).toMatch(/answers/);
    // Every check that is not ok says what to do.
    for (const c of report.services) if (c.state !== 'ok') expect(c.fix, c.name).toBeTruthy();
    expect(run.status).toBe(report.ok ? 0 : 1);
  });

  it('health fails a shipped model that lacks its file, and says what to do', () => {
    const appRoot = tempDir();
    mkdirSync(join(appRoot, 'models', 'ranker', '1.0.0'), { recursive: true });
    writeFileSync(join(appRoot, 'models', 'ranker', '1.0.0', 'card.json'), '{"version":"1.0.0"}');
    const run = cli(['health', '--data-dir', tempDir()], { WORKSTATION_APP_ROOT: appRoot });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FAIL {2}model:ranker@1\.0\.0 +\S+ranker\/1\.0\.0 lacks model\.onnx\n +-> restore \S+ \(model\.onnx and card\.json\) from the release, or reinstall the app/);
    const listed = cli(['components', '--json', '--data-dir', tempDir()], { WORKSTATION_APP_ROOT: appRoot });
    expect(JSON.parse(listed.stdout).components).toContainEqual(expect.objectContaining({ kind: 'model', name: 'ranker', state: 'missing', version: '1.0.0' }));
  });

  it('health fails the broker check when the stored mode cannot reach its broker, and says what to do', () => {
    // Paper keys that no broker is reachable for here (no internet): the real account call fails.
    const run = cli(['health', '--json', '--mode', 'paper', '--data-dir', tempDir()], { APCA_API_KEY_ID: 'PKTESTTESTTESTTEST00', APCA_API_SECRET_KEY: 'x'.repeat(40) });
    expect(run.status).toBe(1);
    const broker = (JSON.parse(run.stdout) as { services: Check[] }).services.find((c) => c.name === 'broker-account')!;
    expect(broker.state).toBe('down');
    expect(broker.detail).toMatch(/^paper: /);
    expect(broker.fix).toMatch(/paper/);
  });
});
