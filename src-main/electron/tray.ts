import { Menu, Tray, nativeImage, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { APP_NAME } from '../version.js';
import { trayModel, type TrayAction, type TrayInput, type TrayState } from './tray-model.js';

export interface TrayOptions {
  iconsDir: string;
  /** The workstation's state for the tray (everything but the window's visibility). */
  state: () => Omit<TrayInput, 'windowVisible'>;
  window: () => BrowserWindow | undefined;
  showWindow: () => void;
  killSwitch: () => void;
  resume: () => void;
  toggleBots: () => void;
  quit: () => void;
}

/**
 * The tray icon: its picture shows the state (connected, disconnected, trading halted), its menu holds the kill
 * switch (resume once halted), bots on/off, show/hide, the mode and quit. The menu's content comes from
 * tray-model.ts; this class only renders it and runs the actions.
 */
export class AppTray {
  private readonly tray: Tray;
  private shownState: TrayState | undefined;

  constructor(private readonly options: TrayOptions) {
    this.tray = new Tray(this.icon('disconnected'));
    this.tray.setToolTip(APP_NAME);
    this.tray.on('click', () => this.toggleWindow());
    this.refresh();
  }

  refresh(): void {
    if (this.tray.isDestroyed()) return;
    const window = this.options.window();
    const windowVisible = window !== undefined && !window.isDestroyed() && window.isVisible();
    const model = trayModel(APP_NAME, { ...this.options.state(), windowVisible });
    if (model.state !== this.shownState) {
      this.tray.setImage(this.icon(model.state));
      this.shownState = model.state;
    }
    this.tray.setToolTip(model.tooltip);
    const template = model.items.map((item): MenuItemConstructorOptions => {
      switch (item.type) {
        case 'separator':
          return { type: 'separator' };
        case 'label':
          return { label: item.label, enabled: false };
        case 'mode':
          // Switching modes comes with the mode issue: only the current mode is enabled.
          return { label: item.label, type: 'radio', checked: item.checked, enabled: item.checked };
        case 'action':
          return { label: item.label, enabled: item.enabled, click: () => this.run(item.action) };
      }
    });
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private icon(state: TrayState) {
    const size = process.platform === 'darwin' ? 16 : 32;
    return nativeImage.createFromPath(join(this.options.iconsDir, 'tray', `${state}-${size}.png`));
  }

  private run(action: TrayAction): void {
    if (action === 'toggle-window') this.toggleWindow();
    else if (action === 'kill-switch') this.options.killSwitch();
    else if (action === 'resume') this.options.resume();
    else if (action === 'bots-toggle') this.options.toggleBots();
    else this.options.quit();
    this.refresh();
  }

  private toggleWindow(): void {
    const window = this.options.window();
    if (window && !window.isDestroyed() && window.isVisible()) window.hide();
    else this.options.showWindow();
    this.refresh();
  }
}
