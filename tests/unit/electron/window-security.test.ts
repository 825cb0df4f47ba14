import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A guard against regressions: the hardening of the Electron shell must stay in the source.
const dir = join(__dirname, '..', '..', '..', 'src-main', 'electron');
const source = readdirSync(dir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(join(dir, file), 'utf8'))
  .join('\n');

describe('Electron window security settings', () => {
  it.each([
    /contextIsolation:\s*true/,
    /sandbox:\s*true/,
    /nodeIntegration:\s*false/,
    /nodeIntegrationInWorker:\s*false/,
    /webSecurity:\s*true/,
    /allowRunningInsecureContent:\s*false/,
    /webviewTag:\s*false/,
    /setWindowOpenHandler\([^]*?action:\s*'deny'/,
    /\.on\('will-navigate'/,
    /\.on\('will-redirect'/,
    /\.on\('will-attach-webview'/,
    /setPermissionRequestHandler\([^)]*\)\s*=>\s*callback\(false\)/,
    /setPermissionCheckHandler\(\(\)\s*=>\s*false\)/,
    /app\.on\('web-contents-created'/,
    /app\.enableSandbox\(\)/,
  ])('has %s', (pattern) => {
    expect(source).toMatch(pattern);
  });

  it('never turns a protection off', () => {
    expect(source).not.toMatch(/contextIsolation:\s*false|sandbox:\s*false|nodeIntegration:\s*true|webSecurity:\s*false/);
  });

  it('the preload never exposes ipcRenderer itself', () => {
    const preload = readFileSync(join(dir, 'preload.ts'), 'utf8');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
  });
});
