import { Menu, Tray, nativeImage, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { TRADING_MODES, type TradingMode } from '../../src-shared/domain/mode.js';
import { APP_NAME } from '../version.js';

export interface TrayOptions {
  iconsDir: string;
  mode: () => TradingMode;
  window: () => BrowserWindow | undefined;
  showWindow: () => void;
  quit: () => void;
}

/**
 * The tray icon: show/hide the window, the trading mode (switching comes with the mode issue, so only the current
 * mode is enabled), and quit. Alerts will be reached from here once the app can live in the tray.
 */
export class AppTray {
  private readonly tray: Tray;

  constructor(private readonly options: TrayOptions) {
    const size = process.platform === 'darwin' ? 16 : 32;
    const image = nativeImage.createFromPath(join(options.iconsDir, `${size}x${size}.png`));
    this.tray = new Tray(image);
    this.tray.setToolTip(APP_NAME);
    this.tray.on('click', () => this.toggleWindow());
    this.refresh();
  }

  refresh(): void {
    if (this.tray.isDestroyed()) return;
    const window = this.options.window();
    const visible = window !== undefined && !window.isDestroyed() && window.isVisible();
    const current = this.options.mode();
    const modes: MenuItemConstructorOptions[] = TRADING_MODES.map((mode) => ({
      label: mode.charAt(0).toUpperCase() + mode.slice(1),
      type: 'radio',
      checked: mode === current,
      enabled: mode === current,
    }));
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: visible ? 'Hide window' : 'Show window', click: () => this.toggleWindow() },
        { type: 'separator' },
        { label: 'Mode', submenu: modes },
        { type: 'separator' },
        { label: 'Quit', click: () => this.options.quit() },
      ]),
    );
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private toggleWindow(): void {
    const window = this.options.window();
    if (window && !window.isDestroyed() && window.isVisible()) window.hide();
    else this.options.showWindow();
    this.refresh();
  }
}
