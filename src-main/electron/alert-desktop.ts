import type { FiredAlert } from '../../src-shared/ipc/alerts-schemas.js';

/** What a fired alert needs from the desktop (Electron's notification service and tray, the window, a setting). */
export interface AlertDesktopPorts {
  /** Shows an OS notification; false where the system has none. */
  notify(options: { title: string; body: string; silent: boolean; onClick: () => void }): boolean;
  /** Redraws the tray from `trayAlert()`. */
  refreshTray(): void;
  showWindow(): void;
  /** The trader's "sound on alerts" setting (alerts.sound): off, the notification is silent too. */
  soundOn(): boolean;
  /** Whether the trader is looking at the window now (shown and focused): then nothing is unseen. */
  windowFocused(): boolean;
}

const exchangeClock = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/**
 * Every fired alert reaches the desktop: a notification (sound as the setting says; a click shows the window), and
 * the tray's alert state with the count not yet seen, until the window is shown or focused. No Electron import, so
 * the wiring is tested without Electron; main.ts connects it to the alert service, the window and the tray.
 */
export class AlertDesktop {
  private unseen = 0;
  private last: { ruleName: string; message: string } | null = null;

  constructor(private readonly ports: AlertDesktopPorts) {}

  fired(alert: FiredAlert): void {
    this.last = { ruleName: alert.ruleName, message: alert.message };
    if (!this.ports.windowFocused()) this.unseen++;
    this.ports.notify({
      title: alert.ruleName,
      body: `${alert.message} (${exchangeClock.format(alert.at)} ET)`,
      silent: !this.ports.soundOn(),
      onClick: () => {
        this.seen();
        this.ports.showWindow();
      },
    });
    this.ports.refreshTray();
  }

  /** The trader looked (window shown or focused): the tray leaves its alert state. */
  seen(): void {
    if (this.unseen === 0) return;
    this.unseen = 0;
    this.ports.refreshTray();
  }

  /** The tray's share of the alert state. */
  trayAlert(): { lastAlert: { ruleName: string; message: string } | null; unseenAlerts: number } {
    return { lastAlert: this.last, unseenAlerts: this.unseen };
  }
}
