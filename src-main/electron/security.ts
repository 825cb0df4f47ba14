import type { Session, WebContents } from 'electron';
import type { Logger } from '../logging/logger.js';
import { isAppUrl } from './sender-check.js';

/** The webPreferences every window of ours gets; the renderer is untrusted and holds no secret. */
export function secureWebPreferences(preload: string) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    preload,
  } as const;
}

const hardenedSessions = new WeakSet<Session>();

/** Denies every permission (camera, notifications from the page, geolocation, ...) a page could ask for. */
export function hardenSession(session: Session): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Applied to every webContents (app.on('web-contents-created')): no new windows, no navigation away from the
 * app origin, no <webview>, no permissions.
 */
export function hardenWebContents(contents: WebContents, log: Logger | undefined): void {
  contents.setWindowOpenHandler(({ url }) => {
    log?.warn('electron', 'refused to open a window', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string, what: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log?.warn('electron', `refused ${what}`, { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event, url) => guard(event, url, 'a navigation'));
  contents.on('will-redirect', (event, url) => guard(event, url, 'a redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn('electron', 'refused to attach a webview');
  });
  hardenSession(contents.session);
}
