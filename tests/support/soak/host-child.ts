import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { RunningExchange } from '../../../src-main/exchange/exchange.js';

/** The repository root: found by walking up, since this file runs from tests/ (vitest) and bundled in dist/bench/. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'scripts', 'build.mjs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root above this file');
    dir = up;
  }
  return dir;
}
const root = repoRoot();

/**
 * What Node writes to stderr when a promise rejects with nobody listening or an exception goes uncaught (it then
 * exits 1): the internal frame, the non-Error rejection's name, or the version footer under the stack.
 */
const CRASH_PATTERN = /triggerUncaughtException|UnhandledPromiseRejection|unhandled promise rejection|uncaughtException|^Node\.js v\d+/im;

export interface HostChild {
  child: ChildProcess;
  pid: number;
  port: number;
  token: string;
  /** Everything the host wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Exit code or signal once it exited (null while running). */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Whether stderr shows an unhandled rejection or uncaught exception. */
  crashed(): boolean;
  /** Resident set size now, from /proc/PID/status (bytes; undefined once gone). */
  rssBytes(): number | undefined;
  /** SIGKILL, waited for. */
  kill9(): Promise<void>;
  /** SIGTERM (the host's own clean stop), waited for up to `timeoutMs`, then SIGKILL. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface HostChildOptions {
  dataDir: string;
  exchange: RunningExchange;
  /** Extra command-line arguments after `host`. */
  args?: string[];
  /** A file where the host stamps each order request it writes (order-post-hook.mjs); none: no stamping. */
  orderWriteLog?: string;
  startTimeoutMs?: number;
}

/** The environment for a host that must not touch the developer's keychain entries or real Alpaca keys. */
function hostEnv(exchange: RunningExchange, orderWriteLog: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(orderWriteLog
      ? { SOAK_POST_LOG: orderWriteLog, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(join(root, 'tests', 'support', 'soak', 'order-post-hook.mjs')).href}`.trim() }
      : {}),
    WORKSTATION_KEYCHAIN_SERVICE: process.env.WORKSTATION_KEYCHAIN_SERVICE || 'alpaca-workstation-soak',
    WORKSTATION_EXCHANGE_KEY_ID: exchange.keys.keyId,
    WORKSTATION_EXCHANGE_SECRET_KEY: exchange.keys.secret,
  };
  delete env.APCA_API_KEY_ID;
  delete env.APCA_API_SECRET_KEY;
  return env;
}

export function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The built headless host (dist/main/cli.mjs) in its own process, in demo mode against the given exchange
 * (`--exchange-url`): the way a trader runs it, so a crash shows as an exit with its stderr, not as a test-runner
 * failure, and kill -9 is a real kill -9.
 */
export async function spawnHostChild(options: HostChildOptions): Promise<HostChild> {
  // SOAK_HOST_CLI: another build of the CLI (an older commit's, say) to find out which invariants it breaks.
  const cli = process.env.SOAK_HOST_CLI || join(root, 'dist', 'main', 'cli.mjs');
  const child = spawn(
    process.execPath,
    [cli, 'host', '--port', '0', '--data-dir', options.dataDir, '--exchange-url', options.exchange.tradingUrl, ...(options.args ?? [])],
    { cwd: dirname(dirname(dirname(cli))), env: hostEnv(options.exchange, options.orderWriteLog), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    // Keep the tail only: a long soak must not grow this process without bound.
    if (err.length > 2_000_000) err = err.slice(-1_000_000);
  });
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let port = 0;
  let token = '';
  for (;;) {
    const match = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_%-]+)/.exec(out);
    if (match) {
      port = Number(match[1]);
      token = decodeURIComponent(match[2]!);
      break;
    }
    if (exited !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the host did not start (exit ${JSON.stringify(exited)}):\n${out}\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid!;
  return {
    child,
    pid,
    port,
    token,
    stdout: () => out,
    stderr: () => err,
    exit: () => exited,
    crashed: () => CRASH_PATTERN.test(err),
    rssBytes: () => (exited === null ? rssOf(pid) : undefined),
    async kill9() {
      if (exited !== null) return;
      child.kill('SIGKILL');
      await exitedPromise;
    },
    async stop(timeoutMs = 15_000) {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
