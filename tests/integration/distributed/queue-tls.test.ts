import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { ensureBuilt } from '../../support/build.js';

/**
 * The queue as the README asks to run it across machines: Redis on TLS only, with a password and a private CA
 * (certificates made here with openssl), the password and CA given to the worker and the producer through
 * WORKSTATION_REDIS_PASSWORD and WORKSTATION_REDIS_CA. A wrong password and a missing CA fail with clear messages.
 */
const root = join(__dirname, '..', '..', '..');
const cliPath = join(root, 'dist/main/cli.mjs');
const file = join(YAHOO_DAILY_DIR, 'orcl-2003-2005.txt');
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!hasOpenssl)('the queue over TLS with a password', () => {
  let dir: string;
  let redis: ChildProcess;
  let worker: ChildProcess;
  let url: string;
  const env = (extra: Record<string, string>) => ({ ...process.env, WORKSTATION_REDIS_CA: join(dir, 'ca.pem'), WORKSTATION_REDIS_PASSWORD: 'long-random-secret', ...extra });
  const cli = (args: string[], extra: Record<string, string> = {}) => spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8', timeout: 240_000, env: env(extra) });

  beforeAll(async () => {
    ensureBuilt('main'); // never rebuilt under running tests: a rebuild swaps the CLI's chunk files
    ensureBuilt('backtest-worker');
    dir = mkdtempSync(join(tmpdir(), 'queue-tls-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=workstation-test-ca');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    redis = spawn('/usr/bin/redis-server', ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', join(dir, 'server.pem'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.pem'), '--tls-auth-clients', 'no', '--requirepass', 'long-random-secret', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    url = `rediss://127.0.0.1:${port}/0`;
    for (let i = 0; i < 100 && cli(['queue', 'status', '--queue', url]).status !== 0; i++) await new Promise((r) => setTimeout(r, 200));
    worker = spawn(process.execPath, [cliPath, 'worker', '--queue', url], { cwd: root, env: env({}), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => worker.stdout!.on('data', (c: Buffer) => c.toString().includes(' on rediss://') && resolve()));
  }, 120_000);
  afterAll(() => {
    worker?.kill('SIGKILL');
    redis?.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs an optimisation on a TLS-only, password-protected Redis with the local result', () => {
    const args = ['optimize', '--strategy', 'sma-cross', '--data', file, '--grid', 'fast=5:20:5', '--grid', 'slow=30:90:20'];
    const local = cli([...args, '--json', join(dir, 'local.json')]);
    expect(local.status, local.stderr).toBe(0);
    const queued = cli([...args, '--json', join(dir, 'queued.json'), '--queue', url]);
    expect(queued.status, queued.stderr).toBe(0);
    const strip = (p: string) => readFileSync(p, 'utf8').replace(/\n {2}"seconds": [^\n]*/, '');
    expect(strip(join(dir, 'queued.json'))).toBe(strip(join(dir, 'local.json')));
    expect(queued.stdout + queued.stderr).not.toContain('long-random-secret');
  }, 240_000);

  it('says so when the password is wrong or the server certificate cannot be checked', () => {
    const wrong = cli(['queue', 'status', '--queue', url], { WORKSTATION_REDIS_PASSWORD: 'guess' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/Redis at 127\.0\.0\.1:\d+ refused the credentials/);
    const noCa = cli(['queue', 'status', '--queue', url], { WORKSTATION_REDIS_CA: '' });
    expect(noCa.status).toBe(1);
    expect(noCa.stderr).toMatch(/cannot reach Redis at 127\.0\.0\.1:\d+ \(self-signed certificate in certificate chain\)/);
  });
});
