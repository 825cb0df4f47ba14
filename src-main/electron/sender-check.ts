/**
 * Who may talk to main over Electron IPC: only the main frame of one of our windows, showing our own bundled
 * GUI from the privileged `app://workstation` origin. Pure (no electron import) so it is unit-tested in Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to the app origin. Custom schemes have an opaque `URL.origin` ("null") in Node's
 * WHATWG parser, so scheme, host, port and credentials are compared one by one.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    // Chromium lower-cases the host of a standard scheme; Node's parser leaves a custom scheme's host as typed.
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The check every IPC handler makes before anything else. */
export function isTrustedSender(url: unknown, isMainFrame: boolean): boolean {
  return isMainFrame === true && isAppUrl(url);
}

/** A call id as the contract's wire schema allows it. */
export function isCallId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
