import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { startRedis, type RunningRedis } from '../../support/redis-server.js';
import { ensureBuilt } from '../../support/build.js';

/**
 * The queue with real processes: Debian's redis-server, `workstation worker` processes and the producing command,
 * all from the built CLI. Results must equal the local run's byte for byte; killed workers, cancels and a Redis
 * restart are done to the real processes.
 */
const root = join(__dirname, '..', '..', '..');
const cliPath = join(root, 'dist/main/cli.mjs');
const file = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');
const cli = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(out + err);
      if (m) return m;
      if (Date.now() > until) throw new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out: () => out, err: () => err, exit, waitFor };
}

/** The optimize JSON without its wall time (the one field that differs from run to run, local or queued). */
const withoutSeconds = (path: string): string =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('  "seconds":'))
    .join('\n');

// A sweep through the event-driven engine (volume-share slippage has no fast path): slow enough to kill mid-job.
const slowSweep = ['optimize', '--strategy', 'sma-cross', '--data', file, '--grid', 'fast=2:41:1', '--grid', 'slow=50:240:10', '--slippage', 'volume:0.1:1'];

describe('research on the Redis queue, with real processes', () => {
  let dir: string;
  let redis: RunningRedis;
  const procs: Proc[] = [];
  const worker = (...extra: string[]): Proc => {
    const p = start(['worker', '--queue', redis.url, '--stalled-ms', '2000', ...extra]);
    procs.push(p);
    return p;
  };
  const producer = (args: string[]): Proc => {
    const p = start([...args, '--queue', redis.url]);
    procs.push(p);
    return p;
  };

  beforeAll(() => {
    // Always rebuild: a stale bundle would test old code.
    ensureBuilt('main'); // never rebuilt under running tests: a rebuild swaps the CLI's chunk files
    ensureBuilt('backtest-worker');
    dir = mkdtempSync(join(tmpdir(), 'queue-cli-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const p of procs.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await redis.stop();
  });

  it('optimize and walk-forward over the queue print and store the local result byte for byte', async () => {
    worker('--concurrency', '2');
    worker();
    const grid = ['--strategy', 'sma-cross', '--data', file, '--grid', 'fast=5:30:5', '--grid', 'slow=40:200:20'];
    const local = cli('optimize', ...grid, '--json', join(dir, 'opt-local.json'), '--workers', '2');
    expect(local.status, local.stderr).toBe(0);
    const queued = cli('optimize', ...grid, '--json', join(dir, 'opt-queued.json'), '--queue', redis.url);
    expect(queued.status, queued.stderr).toBe(0);
    expect(withoutSeconds(join(dir, 'opt-queued.json'))).toBe(withoutSeconds(join(dir, 'opt-local.json')));
    // The summary: same data line, same counts and best; only "on N workers in S s" says where it ran.
    const summary = (s: string) => s.replace(/ on .* in [0-9.]+ s/, '');
    expect(summary(queued.stdout)).toBe(summary(local.stdout));
    expect(queued.stdout).toContain(`on the queue at ${redis.url}`);

    const wf = ['walk-forward', ...grid, '--in-sample', '756', '--out-of-sample', '252', '--equity'];
    const wfLocal = cli(...wf, '--json', join(dir, 'wf-local.json'));
    expect(wfLocal.status, wfLocal.stderr).toBe(0);
    const wfQueued = cli(...wf, '--json', join(dir, 'wf-queued.json'), '--queue', redis.url);
    expect(wfQueued.status, wfQueued.stderr).toBe(0);
    expect(readFileSync(join(dir, 'wf-queued.json'))).toEqual(readFileSync(join(dir, 'wf-local.json')));
    expect(wfQueued.stdout).toBe(wfLocal.stdout);
  }, 300_000);

  it('with --catalog the workers read the bars from the catalog (nothing inline) and the result is the local one', async () => {
    worker();
    const catalog = join(dir, 'catalog');
    const imported = cli('catalog', 'import', '--catalog', catalog, '--file', file, '--symbol', 'ORCL');
    expect(imported.status, imported.stderr).toBe(0);
    const args = ['optimize', '--strategy', 'sma-cross', '--catalog', catalog, '--symbol', 'ORCL', '--from', '2000-01-01', '--grid', 'fast=5:30:5', '--grid', 'slow=40:200:40'];
    const local = cli(...args, '--json', join(dir, 'cat-local.json'));
    expect(local.status, local.stderr).toBe(0);
    const queued = cli(...args, '--json', join(dir, 'cat-queued.json'), '--queue', redis.url);
    expect(queued.status, queued.stderr).toBe(0);
    expect(withoutSeconds(join(dir, 'cat-queued.json'))).toBe(withoutSeconds(join(dir, 'cat-local.json')));
    const inline = spawnSync('redis-cli', ['-p', String(redis.port), '--scan', '--pattern', 'wsr:*:data:*'], { encoding: 'utf8' });
    expect(inline.status).toBe(0);
    expect(inline.stdout.trim()).toBe('');
  }, 300_000);

  it('a worker SIGKILLed mid-job loses nothing: its job is retried by another and every result counts once', async () => {
    const local = cli(...slowSweep, '--json', join(dir, 'kill-local.json'), '--workers', '1');
    expect(local.status, local.stderr).toBe(0);
    const doomed = worker();
    const run = producer([...slowSweep, '--json', join(dir, 'kill-queued.json'), '--queue-chunk', '100']);
    const started = await doomed.waitFor(/job (\S+) \(sweep-chunk\) started/);
    doomed.child.kill('SIGKILL');
    await doomed.exit;
    const killedJob = started[1]!;
    expect(doomed.out()).not.toContain(`job ${killedJob} (sweep-chunk) done`);
    const rescuer = worker();
    expect(await run.exit, run.err()).toBe(0);
    // The killed job was run again, by the other worker, after the stalled-job check released it.
    expect(rescuer.out()).toContain(`job ${killedJob} (sweep-chunk) done`);
    expect(withoutSeconds(join(dir, 'kill-queued.json'))).toBe(withoutSeconds(join(dir, 'kill-local.json')));
  }, 300_000);

  it('a worker killed after storing a result but before acknowledging it: the retry does not run or count it again', async () => {
    const local = cli(...slowSweep, '--json', join(dir, 'ack-local.json'), '--workers', '1');
    expect(local.status, local.stderr).toBe(0);
    const doomed = start(['worker', '--queue', redis.url, '--stalled-ms', '2000'], { WORKSTATION_TEST_KILL_AFTER_RESULT: '1' });
    procs.push(doomed);
    // 32 jobs: after the first, enough work that the stalled one comes back (2 s lock + the check) while the run waits.
    const run = producer([...slowSweep, '--queue-chunk', '25', '--json', join(dir, 'ack-queued.json')]);
    expect(await doomed.exit).toBe(null);
    const storedJob = /job (\S+) \(sweep-chunk\) started/.exec(doomed.out())![1]!;
    const rescuer = worker();
    expect(await run.exit, run.err()).toBe(0);
    // The stalled job comes back after its lock expires. If the run is still waiting, the worker finds the stored
    // result; if the run already collected every result (the other jobs can all finish within the 2 s lock), the
    // worker finds the run over. Either way, the job is not run a second time.
    const escaped = storedJob.replace(/[-]/g, '\\-');
    const back = await rescuer.waitFor(new RegExp(`job ${escaped} \\(sweep-chunk\\) (was already done by an earlier attempt; not run again|skipped: run \\S+ is over)`), 60_000);
    expect(back[1]).toBeDefined();
    expect(rescuer.out()).not.toContain(`job ${storedJob} (sweep-chunk) started`);
    const queued = JSON.parse(readFileSync(join(dir, 'ack-queued.json'), 'utf8')) as { evaluated: number; combinations: number; barEvaluations: number };
    const expected = JSON.parse(readFileSync(join(dir, 'ack-local.json'), 'utf8')) as typeof queued;
    expect(queued.evaluated).toBe(queued.combinations);
    expect(queued.barEvaluations).toBe(expected.barEvaluations);
    expect(withoutSeconds(join(dir, 'ack-queued.json'))).toBe(withoutSeconds(join(dir, 'ack-local.json')));
  }, 300_000);

  it('Ctrl-C of the producer cancels: queued jobs are removed and workers start no more of them', async () => {
    const w = worker();
    const run = producer([...slowSweep, '--json', join(dir, 'cancel.json'), '--queue-chunk', '25']);
    await w.waitFor(/\(sweep-chunk\) done[\s\S]*\(sweep-chunk\) done/);
    run.child.kill('SIGINT');
    expect(await run.exit, run.err()).toBe(0);
    expect(run.out()).toContain('(cancelled)');
    const out = JSON.parse(readFileSync(join(dir, 'cancel.json'), 'utf8')) as { cancelled: boolean; evaluated: number; combinations: number };
    expect(out.cancelled).toBe(true);
    expect(out.evaluated).toBeLessThan(out.combinations);
    // The job that was running stops within the cancel poll; after that nothing new starts.
    await new Promise((r) => setTimeout(r, 2_500));
    const startsAfter = (w.out().match(/started/g) ?? []).length;
    await new Promise((r) => setTimeout(r, 3_000));
    expect((w.out().match(/started/g) ?? []).length).toBe(startsAfter);
    const status = cli('queue', 'status', '--queue', redis.url, '--json');
    expect(status.status, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout) as { counts: { waiting: number; active: number }; workers: unknown[]; runs: unknown[] };
    expect(s.counts.waiting).toBe(0);
    expect(s.counts.active).toBe(0);
    expect(s.workers).toHaveLength(1);
    expect(s.runs).toHaveLength(0);
  }, 300_000);

  it('queue cancel RUN stops a walk-forward from another shell: the producer fails with CANCELLED and stores nothing', async () => {
    worker();
    const json = join(dir, 'wf-cancel.json');
    const run = producer(['walk-forward', ...slowSweep.slice(1), '--in-sample', '252', '--out-of-sample', '126', '--json', json]);
    const queued = await run.waitFor(/queued as run (\S+) on/);
    const cancel = cli('queue', 'cancel', queued[1]!, '--queue', redis.url);
    expect(cancel.status, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/cancelled: \d+ queued job\(s\) removed/);
    expect(await run.exit).toBe(1);
    expect(run.err()).toMatch(/walk-forward cancelled with \d+ of \d+ windows done; nothing was stored \[CANCELLED\]/);
    expect(existsSync(json)).toBe(false);
  }, 300_000);

  it('a Redis restart mid-run fails the command with a clear message and stores nothing', async () => {
    const w = worker();
    const json = join(dir, 'restart.json');
    const run = producer([...slowSweep, '--json', json, '--queue-chunk', '50']);
    await w.waitFor(/\(sweep-chunk\) done/);
    await redis.restart();
    expect(await run.exit).toBe(1);
    expect(run.err()).toMatch(/lost this run: Redis restarted during the run \(its run_id changed\).*nothing was stored/);
    expect(existsSync(json)).toBe(false);
  }, 300_000);
});
