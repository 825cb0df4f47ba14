import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { ensureBuilt } from '../support/build.js';

const root = join(__dirname, '..', '..');
const bin = join(root, packageJson.bin.workstation);

function cli(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
}

describe('command line', () => {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => {
    ensureBuilt('main');
    ensureBuilt('exchange-worker');
    ensureBuilt('renderer');
    // health checks every worker bundle a start needs: build the ones ensureBuilt does not know.
    for (const part of ['backtest-worker', 'history-read-worker']) {
      if (!existsSync(join(root, 'dist', 'main', `${part}.mjs`))) execFileSync(process.execPath, ['scripts/build.mjs', part], { cwd: root });
    }
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('prints help and the version', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const command of ['host', 'health', 'exchange', 'version']) expect(help.stdout).toContain(command);
    const version = cli('version');
    expect(version.stdout.trim()).toBe(packageJson.version);
  });

  it('health exits 0 on a healthy start, with every service ok', () => {
    const run = cli('health', '--json', '--data-dir', dataDir());
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; services: Array<{ name: string; state: string }> };
    expect(report.ok).toBe(true);
    expect(report.services.map((s) => s.name)).toEqual(expect.arrayContaining(['storage', 'event-loop', 'gui-build']));
    // The built app runs the demo exchange in its own thread, off main's event loop.
    const exchange = (report.services as Array<{ name: string; state: string; detail: string }>).find((s) => s.name === 'demo-exchange');
    expect(exchange).toMatchObject({ state: 'ok' });
    expect(exchange!.detail).toContain('worker thread');
  });

  it('health exits non-zero when the database cannot be used', () => {
    const dir = dataDir();
    // A database from a newer build: storage must refuse it, and health must say so.
    const newer = spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3'); const d=new D(${JSON.stringify(join(dir, 'workstation.sqlite'))}); d.pragma('user_version = 999'); d.close();`], { cwd: root });
    expect(newer.status).toBe(0);
    const run = cli('health', '--data-dir', dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+storage\s+failed to start: .*newer than this build/);
    expect(run.stdout).toContain('unhealthy');
  });

  it('health exits non-zero when the data folder is not writable', () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: use a path under a regular file instead.
      const file = join(dataDir(), 'not-a-folder');
      writeFileSync(file, '');
      expect(cli('health', '--data-dir', join(file, 'data')).status).not.toBe(0);
      return;
    }
    const dir = dataDir();
    chmodSync(dir, 0o500);
    expect(cli('health', '--data-dir', join(dir, 'data')).status).not.toBe(0);
  });

  it('refuses unknown commands and bad flags with a message and exit code 2', () => {
    const unknown = cli('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
    const badPort = cli('host', '--port', 'eighty');
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--port');
    const remote = cli('host', '--bind', '0.0.0.0', '--data-dir', dataDir());
    expect(remote.status).not.toBe(0);
    expect(remote.stderr).toContain('--allow-remote');
  });

  it('exchange starts the local exchange, prints its URLs, keys and control token, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [bin, 'exchange', '--port', '0', '--seed', '7', '--speed', '1'], { cwd: root });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in time:\n${out}`)), 20_000);
        child.stdout.on('data', () => {
          if (out.includes('Ctrl+C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}:\n${out}`)));
      });
      const tradingUrl = /trading URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const keyId = /APCA_API_KEY_ID=(PK[A-Z0-9]{18})\b/.exec(out)?.[1];
      const secret = /APCA_API_SECRET_KEY=(\S{40})\n/.exec(out)?.[1];
      const token = /control token\s+(\S+)/.exec(out)?.[1];
      expect(out).toMatch(/trade updates\s+ws:\/\/127\.0\.0\.1:\d+\/stream/);
      expect(out).toMatch(/stock stream\s+ws:\/\/127\.0\.0\.1:\d+\/v2\/iex/);
      expect(tradingUrl && keyId && secret && token, out).toBeTruthy();
      const health = await fetch(`${tradingUrl}/__exchange/health`, { headers: { 'x-exchange-control-token': token! } });
      expect(health.status).toBe(200);
      expect((await fetch(`${tradingUrl}/__exchange/health`)).status).toBe(403);
      const clock = await fetch(`${tradingUrl}/v2/clock`, { headers: { 'APCA-API-KEY-ID': keyId!, 'APCA-API-SECRET-KEY': secret! } });
      expect(clock.status).toBe(200);
      expect(await clock.json()).toMatchObject({ is_open: expect.any(Boolean), next_open: expect.any(String) });
      expect((await fetch(`${tradingUrl}/v2/clock`)).status).toBe(403);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });

  it('exchange refuses a bad speed', () => {
    const run = cli('exchange', '--speed', '-3');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--speed');
  });
});
