import { autoUpdater } from 'electron-updater';
import type { Logger } from '../logging/logger.js';
import { autoUpdateSkipReason, type AutoUpdateChoice } from './auto-update-policy.js';

/**
 * Checks the release feed once at start when the trader turned updates on: electron-updater downloads in the
 * background and installs on quit, with a desktop notification. Never installs mid-session: a trading app must
 * not restart under an open position.
 */
export function startAutoUpdate(choice: AutoUpdateChoice, log: Logger): void {
  const skip = autoUpdateSkipReason(choice);
  if (skip) {
    log.info('updates', skip);
    return;
  }
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = {
    info: (message?: unknown) => log.info('updates', String(message)),
    warn: (message?: unknown) => log.warn('updates', String(message)),
    error: (message?: unknown) => log.error('updates', String(message)),
    debug: (message: string) => log.debug('updates', message),
  };
  autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => log.warn('updates', `the update check failed: ${error instanceof Error ? error.message : String(error)}`));
}
