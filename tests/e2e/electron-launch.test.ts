import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const require = createRequire(import.meta.url);

/**
 * The Electron binary, or undefined where it is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD). `require('electron')`
 * tries to download a missing binary and then throws, so it is only called once path.txt says one was installed.
 */
function electronBinary(): string | undefined {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'));
    if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(join(packageDir, 'path.txt'))) return undefined;
    const executable = require('electron') as unknown;
    return typeof executable === 'string' && existsSync(executable) ? executable : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const hasBinary = binary !== undefined;

// Where the binary is missing every test here reports itself skipped (never a silent pass).
describe.skipIf(!hasBinary)(`the Electron app${hasBinary ? '' : ' (skipped: no Electron binary installed)'}`, () => {
  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'electron'], { cwd: root, stdio: 'inherit' });
    if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
      execFileSync(process.execPath, ['scripts/build.mjs', 'renderer'], { cwd: root, stdio: 'inherit' });
    }
    dataDir = mkdtempSync(join(tmpdir(), 'workstation-electron-'));
    const args = ['dist/electron/main.cjs', `--data-dir=${dataDir}`];
    // Chromium refuses to run as root with its OS sandbox (containers in CI); the renderer sandbox stays on.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    app = await _electron.launch({ executablePath: binary!, args, cwd: root, timeout: 60_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close().catch(() => {});
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens one visible window on the app origin', async () => {
    expect(page.url()).toBe('app://workstation/index.html');
    const windows = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), title: w.getTitle() })),
    );
    expect(windows).toHaveLength(1);
    expect(windows[0]?.title).toBeTruthy();
    // Shown on ready-to-show, which may come just after the first window is reported.
    for (let i = 0; i < 100 && !(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(true);
  });

  it('shows the System tab', async () => {
    await page.getByText('System').first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('exposes the bridge but no Node or require', async () => {
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const bridge = w.workstationBridge as Record<string, unknown> | undefined;
      return {
        bridge: typeof bridge,
        bridgeKeys: bridge ? Object.keys(bridge).sort() : [],
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
      };
    });
    expect(globals).toEqual({
      bridge: 'object',
      bridgeKeys: ['cancel', 'invoke', 'subscribe'],
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
    });
  });

  it('answers contract calls through the bridge and refuses others', async () => {
    const [info, unknown] = await page.evaluate(async () => {
      const bridge = (window as unknown as { workstationBridge: { invoke(c: string, id: number, r: unknown): Promise<unknown> } })
        .workstationBridge;
      return [await bridge.invoke('system.info', 900_001, {}), await bridge.invoke('ipc:cancel', 900_002, {})];
    });
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', dataDir } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('serves app:// with the CSP header', async () => {
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
  });

  it('quits and stops the workstation when the window is closed', async () => {
    const child = app.process();
    const exited = once(child, 'exit');
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await exited;
    const log = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');
    expect(log).toContain('stopping');
  });
});
