import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../support/build.js';

const root = join(__dirname, '..', '..', '..');

/** `--mode` on the command line: checked, and a mode without its keys falls back to demo and says so. */
describe('workstation --mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cli-mode-'));
  // No APCA_* keys and a keychain service of its own: no paper keys exist for this run.
  const env: NodeJS.ProcessEnv = { ...process.env, WORKSTATION_KEYCHAIN_SERVICE: `alpaca-workstation-cli-mode-${randomUUID()}` };
  delete env.APCA_API_KEY_ID;
  delete env.APCA_API_SECRET_KEY;
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'main', 'cli.mjs'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses an unknown mode with the choices', () => {
    ensureBuilt('main');
    const run = cli('health', '--mode', 'real', '--data-dir', dataDir);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--mode must be one of demo, paper, live, got "real"');
  });

  it('paper without paper keys starts in demo, and health says why (exit 1)', () => {
    ensureBuilt('main');
    const run = cli('health', '--mode', 'paper', '--json', '--data-dir', dataDir);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { services: Array<{ name: string; state: string; detail: string }> };
    const trading = report.services.find((s) => s.name === 'trading-mode');
    expect(trading).toMatchObject({ state: 'degraded' });
    expect(trading?.detail).toMatch(/^demo; paper mode needs paper keys, and none are stored: started in demo mode/);
    expect(report.services.find((s) => s.name === 'demo-exchange')?.state).toBe('ok');
  });
});
