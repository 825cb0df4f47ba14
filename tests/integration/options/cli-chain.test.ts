// `workstation options chain` through the built CLI against a local exchange already running (--exchange-url), as a
// trader runs it in demo mode.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { EXCHANGE_KEY_ID_ENV, EXCHANGE_SECRET_ENV } from '../../../src-main/cli/external-exchange.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { chainResponse } from '../../../src-shared/ipc/options-schemas.js';
import { ensureBuilt } from '../../support/build.js';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, packageJson.bin.workstation);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('workstation options chain', () => {
  let ex: RunningExchange;
  let dir = '';
  beforeAll(async () => {
    ensureBuilt('main');
    ex = await startExchange({ seed: 3, speed: 1, startTime: Date.parse('2024-03-06T15:00:00Z') });
    dir = mkdtempSync(join(tmpdir(), 'cli-chain-'));
  }, 120_000);
  afterAll(async () => {
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--json prints the demo chain of one expiry; the table shows calls | strike | puts; bad flags exit 2', async () => {
    const env = { [EXCHANGE_KEY_ID_ENV]: ex.keys.keyId, [EXCHANGE_SECRET_ENV]: ex.keys.secret };
    const common = ['--mode', 'demo', '--exchange-url', ex.tradingUrl, '--data-dir', dir];
    const expiry = ex.market.optionContracts('SPY').map((c) => c.expiration).sort()[0]!;
    const json = await run(['options', 'chain', '--symbol', 'spy', '--expiry', expiry, '--json', ...common], env);
    expect(json.status, json.stderr).toBe(0);
    const chain = chainResponse.parse(JSON.parse(json.stdout));
    expect(chain.underlying).toBe('SPY');
    expect(chain.source).toBe('demo-exchange');
    expect(chain.rows.length).toBe(ex.market.optionContracts('SPY').filter((c) => c.expiration === expiry).length);
    expect(chain.rows.every((r) => r.expiration === expiry && r.greeksSource === 'alpaca')).toBe(true);
    const text = await run(['options', 'chain', '--symbol', 'SPY', '--expiry', expiry, ...common], env);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`expiry ${expiry}`));
    expect(text.stdout).toMatch(/bid\s+ask\s+last\s+iv\s+delta\s+gamma\s+theta\s+strike/);
    const bad = await run(['options', 'chain', '--symbol', 'SPY', '--expiry', '03/15/2024', ...common], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/expiry/);
  }, 180_000);
});
