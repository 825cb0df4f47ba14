// The Electron main process: lifecycle, the window, the app:// protocol, the tray and IPC. This folder is the
// only one that imports 'electron'; everything else runs the same under the headless host.
import { unpackedPath } from '../worker-bundles.js';
import { AlertDesktop } from './alert-desktop.js';
import { startAutoUpdate } from './auto-update.js';
import { BrowserWindow, app, dialog, protocol, screen, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readStaticFile } from '../host/static-files.js';
import { contentSecurityPolicy } from '../security/csp.js';
import { resolveDataDir } from '../services/data-dir.js';
import { Workstation } from '../services/workstation.js';
import type { WindowBounds } from '../storage/app-settings.js';
import { APP_NAME } from '../version.js';
import { registerIpc, type IpcBridge } from './ipc-bridge.js';
import { NotificationService } from './notifications.js';
import { SafeStorageCipher } from './safe-storage-cipher.js';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security.js';
import { APP_HOST, APP_INDEX_URL, APP_SCHEME } from './sender-check.js';
import { AppTray } from './tray.js';
import { defaultBounds, isVisibleOnSomeDisplay, type Rect } from './window-bounds.js';

export const APP_ID = 'com.alpacaworkstation.desktop';
const BACKGROUND = '#0b0f14';
const SAVE_BOUNDS_DELAY_MS = 500;

/**
 * The folder holding package.json, dist/ and assets/: the app path when started as `electron .` or packaged,
 * else (started as `electron dist/electron/main.cjs`, as the launch test does) two levels above this bundle.
 */
function appRoot(): string {
  const appPath = app.getAppPath();
  return existsSync(join(appPath, 'package.json')) ? appPath : resolve(__dirname, '..', '..');
}

function flagValue(name: string): string | undefined {
  const prefix = `--${name}=`;
  const arg = process.argv.find((a) => a.startsWith(prefix));
  return arg ? arg.slice(prefix.length) : undefined;
}

// --- before ready: data dir, single instance, privileged scheme, sandbox --------------------------------------
const dataDir = resolveDataDir(flagValue('data-dir'));
app.setName(APP_NAME);
// The single-instance lock is keyed on userData, so it must be set first: one instance per data dir.
app.setPath('userData', dataDir);
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this data dir: it focuses its window (second-instance below); this one leaves.
  app.quit();
} else {
  run();
}

function run(): void {
  const root = appRoot();
  // Tells storage where the Electron build of the native SQLite module lives (scripts/electron-native.mjs).
  process.env.WORKSTATION_APP_ROOT = root;
  const rendererDir = join(root, 'dist', 'renderer');
  const iconsDir = join(root, 'assets', 'icons');
  const preload = join(root, 'dist', 'electron', 'preload.cjs');

  const workstation = new Workstation({
    dataDir,
    shell: 'electron',
    // Where the OS keychain does not answer, keys go to a file encrypted by safeStorage.
    secrets: { cipher: new SafeStorageCipher() },
    // Self-contained and unpacked from the ASAR (electron-builder.yml), so a worker thread can load it.
    exchangeWorkerScript: unpackedPath(join(root, 'dist', 'main', 'exchange-worker.mjs')),
    // A fresh demo data folder gets its demo bots (WORKSTATION_DEMO_BOTS=off: none; the test runner sets it).
    demoBots: process.env.WORKSTATION_DEMO_BOTS !== 'off',
  });
  const log = workstation.log;
  // Registered before start so it starts and stops with the other services and shows in their health.
  const notifications = workstation.registry.add(new NotificationService(log, join(iconsDir, '256x256.png')));
  let ipc: IpcBridge | undefined;
  let mainWindow: BrowserWindow | undefined;
  let tray: AppTray | undefined;
  let alertDesktop: AlertDesktop | undefined;
  let running = false;
  let quitState: 'running' | 'stopping' | 'stopped' = 'running';

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log, (url) => shell.openExternal(url)));

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  // --- window bounds ------------------------------------------------------------------------------------------
  function savedBounds(): WindowBounds | null {
    try {
      return workstation.settings.get('window.bounds');
    } catch {
      return null;
    }
  }

  function saveBounds(window: BrowserWindow): void {
    if (!running || window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    const normal = window.getNormalBounds();
    const bounds: WindowBounds = {
      x: Math.round(normal.x),
      y: Math.round(normal.y),
      width: Math.max(400, Math.round(normal.width)),
      height: Math.max(300, Math.round(normal.height)),
      maximized: window.isMaximized(),
    };
    try {
      workstation.settings.set('window.bounds', bounds);
    } catch (error) {
      log.warn('electron', 'could not save the window bounds', { error: String(error) });
    }
  }

  function initialBounds(): { rect: Rect; maximized: boolean } {
    const saved = savedBounds();
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    if (saved && isVisibleOnSomeDisplay(saved, workAreas)) return { rect: saved, maximized: saved.maximized };
    return { rect: defaultBounds(screen.getPrimaryDisplay().workArea), maximized: false };
  }

  // --- the window ---------------------------------------------------------------------------------------------
  function createWindow(): BrowserWindow {
    const { rect, maximized } = initialBounds();
    const window = new BrowserWindow({
      ...rect,
      minWidth: 400,
      minHeight: 300,
      show: false,
      title: APP_NAME,
      backgroundColor: BACKGROUND,
      icon: join(iconsDir, '512x512.png'),
      webPreferences: secureWebPreferences(preload, { devTools: !app.isPackaged }),
    });
    ipc?.attach(window.webContents);

    window.once('ready-to-show', () => {
      if (maximized) window.maximize();
      window.show();
      tray?.refresh();
    });

    let timer: NodeJS.Timeout | undefined;
    const scheduleSave = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => saveBounds(window), SAVE_BOUNDS_DELAY_MS);
    };
    for (const name of ['move', 'resize', 'maximize', 'unmaximize'] as const) window.on(name as 'move', scheduleSave);
    window.on('show', () => {
      alertDesktop?.seen();
      tray?.refresh();
    });
    window.on('focus', () => alertDesktop?.seen());
    window.on('hide', () => tray?.refresh());
    window.on('close', (event) => {
      if (timer) clearTimeout(timer);
      saveBounds(window);
      // With a tray the app keeps running (feeds, orders, alerts) when the window closes; Quit is in the tray.
      if (tray && quitState === 'running') {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
      tray?.refresh();
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      log.error('electron', 'the renderer process went away', { reason: details.reason, exitCode: details.exitCode });
    });

    void window.loadURL(APP_INDEX_URL).catch((error: unknown) => {
      log.error('electron', 'could not load the GUI', { error: String(error) });
    });
    return window;
  }

  function showWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
    else {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
    }
  }

  // --- the app:// protocol: the built renderer with our CSP ---------------------------------------------------
  function registerAppProtocol(): void {
    const csp = contentSecurityPolicy([]);
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      if (url.hostname !== APP_HOST) return new Response('not found', { status: 404 });
      if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
      const file = await readStaticFile(rendererDir, url.pathname);
      if (!file) {
        return new Response('the GUI is not built: run `npm run build`', {
          status: 404,
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp },
        });
      }
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
        status: 200,
        headers: {
          'Content-Type': file.contentType,
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
        },
      });
    });
  }

  // --- lifecycle ----------------------------------------------------------------------------------------------
  async function start(): Promise<void> {
    await app.whenReady();
    hardenSession(session.defaultSession);
    registerAppProtocol();
    await workstation.start();
    running = true;
    ipc = registerIpc(workstation);
    mainWindow = createWindow();
    startAutoUpdate({ enabled: workstation.settings.get('updates.autoCheck'), packaged: app.isPackaged }, log);
    // Fired alerts: a notification (silent unless the sound setting is on) and the tray's alert state until seen.
    alertDesktop = new AlertDesktop({
      notify: (options) => notifications.notify(options),
      refreshTray: () => tray?.refresh(),
      showWindow,
      soundOn: () => workstation.settings.get('alerts.sound'),
      windowFocused: () => mainWindow !== undefined && !mainWindow.isDestroyed() && mainWindow.isVisible() && mainWindow.isFocused(),
    });
    const desktop = alertDesktop;
    try {
      tray = new AppTray({
        iconsDir,
        state: () => ({
          connection: workstation.marketData.status().connection,
          risk: workstation.orders.ready ? workstation.orders.manager.riskState.state : 'HALTED',
          mode: workstation.mode,
          // No bots yet: the item says so and is disabled.
          botsRunning: workstation.bots.list().length === 0 ? null : workstation.bots.runningCount(),
          ...desktop.trayAlert(),
        }),
        window: () => mainWindow,
        showWindow,
        killSwitch: () => {
          void workstation.orders.manager.killSwitch({ flatten: false, reason: 'tray' }).catch((error: unknown) => log.error('electron', 'the kill switch failed', { error: String(error) }));
        },
        resume: () => workstation.orders.manager.resumeTrading('resumed from the tray'),
        toggleBots: () => {
          // Any running: all off; none running: all on (paused bots wait for their own resume).
          const on = workstation.bots.runningCount() === 0;
          void workstation.bots
            .setAll(on)
            .catch((error: unknown) => log.warn('electron', `bots ${on ? 'on' : 'off'} from the tray: ${error instanceof Error ? error.message : String(error)}`))
            .finally(() => tray?.refresh());
        },
        quit: () => app.quit(),
      });
    } catch (error) {
      // Some Linux desktops have no status area; the app works without the tray.
      log.warn('electron', 'no tray icon', { error: String(error) });
    }
    // Alerts reach the desktop and the tray; the tray follows the connection and the risk state.
    workstation.alerts.onFired((alert) => desktop.fired(alert));
    for (const channel of ['marketData.status', 'orders.risk', 'trading.modeChanged'] as const) workstation.hub.subscribe(channel, () => tray?.refresh());
    workstation.hub.subscribe('bots.state', () => tray?.refresh());
  }

  start().catch((error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log.error('electron', 'failed to start', { error: message });
    dialog.showErrorBox(`${APP_NAME} could not start`, message);
    app.exit(1);
  });

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open opens one.
    if (running && BrowserWindow.getAllWindows().length === 0) showWindow();
  });

  // Without a tray, closing the window quits (except on macOS by convention); with one the app lives in the tray.
  app.on('window-all-closed', () => {
    if (!tray && process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', (event) => {
    if (quitState === 'stopped') return;
    event.preventDefault();
    if (quitState === 'stopping') return;
    quitState = 'stopping';
    if (mainWindow && !mainWindow.isDestroyed()) saveBounds(mainWindow);
    running = false;
    tray?.destroy();
    ipc?.dispose();
    workstation
      .stop()
      .catch((error: unknown) => console.error('the workstation did not stop cleanly', error))
      .finally(() => {
        quitState = 'stopped';
        app.quit();
      });
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
}
