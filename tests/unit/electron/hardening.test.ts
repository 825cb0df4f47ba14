import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Logger } from '../../../src-main/logging/logger.js';
import { isAllowedExternalUrl, navigationDecision, routeExternalLink, secureWebPreferences } from '../../../src-main/electron/security.js';

const electronDir = join(__dirname, '..', '..', '..', 'src-main', 'electron');

describe('external links', () => {
  it.each([
    'https://alpaca.markets/',
    'https://app.alpaca.markets/paper/dashboard/overview',
    'https://docs.alpaca.markets/docs/paper-trading',
    'https://github.com/alpacahq/alpaca-ts',
    'https://APP.ALPACA.MARKETS/brokerage',
  ])('opens allow-listed https address %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
    expect(navigationDecision(url)).toBe('open-external');
  });

  it.each([
    ['plain http', 'http://alpaca.markets/'],
    ['a look-alike host', 'https://alpaca.markets.evil.example/'],
    ['a subdomain not on the list', 'https://evil.alpaca.markets/'],
    ['credentials in the URL', 'https://user:pw@app.alpaca.markets/'],
    ['another port', 'https://app.alpaca.markets:8443/'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['a custom protocol handler', 'ms-msdt:/id PCWDiagnostic'],
    ['not a URL', 'alpaca.markets'],
    ['an empty string', ''],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
    expect(navigationDecision(url)).toBe('deny');
  });

  it('keeps the app origin in the window and refuses anything else', () => {
    expect(navigationDecision('app://workstation/index.html')).toBe('stay');
    expect(navigationDecision('app://other/index.html')).toBe('deny');
  });

  it('hands only allow-listed links to the browser', () => {
    const opened: string[] = [];
    const log = new Logger({ level: 'debug' });
    expect(routeExternalLink('https://docs.alpaca.markets/', (url) => void opened.push(url), log)).toBe('opened');
    expect(routeExternalLink('https://evil.example/', (url) => void opened.push(url), log)).toBe('refused');
    expect(routeExternalLink('https://docs.alpaca.markets/', undefined, log)).toBe('refused');
    expect(opened).toEqual(['https://docs.alpaca.markets/']);
    expect(log.recent(10).map((e) => e.message)).toEqual(['opened a link in the browser', 'refused to open a link', 'refused to open a link']);
  });
});

describe('DevTools', () => {
  it('are off unless asked for', () => {
    expect(secureWebPreferences('/p.js').devTools).toBe(false);
    expect(secureWebPreferences('/p.js', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('/p.js', { devTools: false })).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
  });

  it('the window asks for them only in an unpackaged (development) build', () => {
    const main = readFileSync(join(electronDir, 'main.ts'), 'utf8');
    expect(main).toMatch(/secureWebPreferences\(preload, \{ devTools: !app\.isPackaged \}\)/);
    expect(main).not.toMatch(/openDevTools\(/);
  });

  it('links reach the browser only through the allow-list', () => {
    const counts = Object.fromEntries(
      readdirSync(electronDir)
        .filter((f) => f.endsWith('.ts') && f !== 'security.ts')
        .map((f) => [f, (readFileSync(join(electronDir, f), 'utf8').match(/openExternal\(/g) ?? []).length]),
    );
    // The only call outside security.ts is the one main hands to hardenWebContents, which routes every link
    // through routeExternalLink's allow-list.
    expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([['main.ts', 1]]);
    expect(readFileSync(join(electronDir, 'main.ts'), 'utf8')).toMatch(/hardenWebContents\(contents, log, \(url\) => shell\.openExternal\(url\)\)/);
  });
});
