import { Notification } from 'electron';
import type { Logger } from '../logging/logger.js';
import { healthOf, type Service } from '../services/service.js';

export interface NotifyOptions {
  title: string;
  body: string;
  silent?: boolean;
  urgency?: 'normal' | 'critical' | 'low';
  onClick?: () => void;
}

/**
 * Desktop notifications (alerts, fills, bot state) through the OS. Where the platform has none, `notify`
 * returns false and health says degraded, so callers can fall back to the tray or the GUI.
 */
export class NotificationService implements Service {
  readonly name = 'notifications';
  private running = false;
  private supported = false;
  private shown = 0;
  // Notifications are kept referenced until closed, or the GC may drop them and their click handlers.
  private readonly open = new Set<Notification>();

  constructor(
    private readonly log: Logger,
    private readonly icon?: string,
  ) {}

  start(): void {
    this.supported = Notification.isSupported();
    this.running = true;
    if (!this.supported) this.log.warn('notifications', 'desktop notifications are not supported on this system');
  }

  stop(): void {
    this.running = false;
    for (const notification of this.open) notification.close();
    this.open.clear();
  }

  health() {
    if (!this.running) return healthOf(this.name, 'stopped', 'not running');
    if (!this.supported) return healthOf(this.name, 'degraded', 'the system has no desktop notifications');
    return healthOf(this.name, 'ok', `${this.shown} shown`);
  }

  /** Shows a notification; false when not running or not supported. */
  notify(options: NotifyOptions): boolean {
    if (!this.running || !this.supported) return false;
    const notification = new Notification({
      title: options.title.slice(0, 256),
      body: options.body.slice(0, 1024),
      silent: options.silent ?? false,
      ...(options.urgency ? { urgency: options.urgency } : {}),
      ...(this.icon ? { icon: this.icon } : {}),
    });
    const forget = (): void => {
      this.open.delete(notification);
    };
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      forget();
      this.log.warn('notifications', 'a notification failed', { error });
    });
    if (options.onClick) notification.on('click', options.onClick);
    this.open.add(notification);
    notification.show();
    this.shown++;
    return true;
  }
}
