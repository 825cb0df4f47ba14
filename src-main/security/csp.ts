/**
 * The Content-Security-Policy of the GUI, the same in Electron and in a browser on the headless host: only
 * our own bundled scripts and styles, no eval, no inline script, no frames, and network only back to main.
 */
export function contentSecurityPolicy(connectSources: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
