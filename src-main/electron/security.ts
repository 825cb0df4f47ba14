import type { Session, WebContents } from 'electron';
import type { Logger } from '../logging/logger.js';
import { isAppUrl } from './sender-check.js';

/**
 * The webPreferences every window of ours gets; the renderer is untrusted and holds no secret. DevTools only
 * in development: main passes `devTools: !app.isPackaged`, so an installed build cannot open them.
 */
export function secureWebPreferences(preload: string, options: { devTools?: boolean } = {}) {
  return {
    devTools: options.devTools === true,
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

/**
 * Hosts whose https pages a link in the GUI may open in the user's browser: Alpaca's sites and our docs. Exact
 * host names (no wildcard), https only, no credentials, default port.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'alpaca.markets',
  'app.alpaca.markets',
  'docs.alpaca.markets',
  'status.alpaca.markets',
  'github.com',
];

/** True when `url` may be handed to the OS browser (shell.openExternal). */
export function isAllowedExternalUrl(url: unknown, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname.toLowerCase())
  );
}

/** Opens a URL in the user's browser (shell.openExternal in main; injected so this file stays testable in Node). */
export type OpenExternal = (url: string) => Promise<void> | void;

export type NavigationDecision = 'stay' | 'open-external' | 'deny';

/** What to do with a navigation or window.open: our own pages stay, allow-listed https links go to the browser. */
export function navigationDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return 'stay';
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}

/**
 * Hands an allow-listed link to the browser, refuses anything else; never opens an Electron window. Returns
 * what it did, for the caller's log and for tests.
 */
export function routeExternalLink(url: string, openExternal: OpenExternal | undefined, log: Logger | undefined): 'opened' | 'refused' {
  if (openExternal && navigationDecision(url) === 'open-external') {
    Promise.resolve(openExternal(url)).catch((error: unknown) => log?.warn('electron', 'could not open a link in the browser', { error: String(error) }));
    log?.info('electron', 'opened a link in the browser', { url: url.slice(0, 200) });
    return 'opened';
  }
  log?.warn('electron', 'refused to open a link', { url: url.slice(0, 200) });
  return 'refused';
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
 * app origin, no <webview>, no permissions. Allow-listed https links (EXTERNAL_LINK_HOSTS) open in the user's
 * browser through `openExternal`; nothing else leaves the app.
 */
export function hardenWebContents(contents: WebContents, log: Logger | undefined, openExternal?: OpenExternal): void {
  contents.setWindowOpenHandler(({ url }) => {
    routeExternalLink(url, openExternal, log);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string, what: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (what === 'a navigation') routeExternalLink(url, openExternal, log);
    else log?.warn('electron', `refused ${what}`, { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event, url) => guard(event, url, 'a navigation'));
  contents.on('will-redirect', (event, url) => guard(event, url, 'a redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn('electron', 'refused to attach a webview');
  });
  hardenSession(contents.session);
}
