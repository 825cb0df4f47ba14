import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnQueue } from '../../../src-main/distributed/producer.js';
import { parseQueueUrl } from '../../../src-main/distributed/redis/url.js';
import { startRedis, type RunningRedis } from '../../support/redis-server.js';
import { ensureBuilt } from '../../support/build.js';

/**
 * A job that cannot succeed fails the run with its reason instead of leaving the producer waiting: one that throws
 * is tried three times (the worker's log shows the retries), one that can never work (an unknown strategy) once.
 */
const root = join(__dirname, '..', '..', '..');

describe('a job that fails for good', () => {
  let redis: RunningRedis;
  let worker: ChildProcess;
  let log = '';
  const job = (strategy: string, sha256: string) => ({
    kind: 'sweep-chunk',
    payload: { strategy, data: { kind: 'redis', sha256 }, fill: { marketFill: 'next-open', slippage: { kind: 'none' }, commission: { kind: 'none' } }, account: { cash: 100_000, leverage: 1, allowShort: false }, offset: 0, combos: [{ fast: 5, slow: 20, size: 100 }] },
  });

  beforeAll(async () => {
    ensureBuilt('main'); // never rebuilt under running tests: a rebuild swaps the CLI's chunk files
    redis = await startRedis();
    worker = spawn(process.execPath, [join(root, 'dist/main/cli.mjs'), 'worker', '--queue', redis.url], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => worker.stdout!.on('data', (c: Buffer) => ((log += c.toString()), log.includes(' on redis://') && resolve())));
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await redis?.stop();
  });

  it('a job that throws is retried, then fails the run with its reason', async () => {
    const sha = 'a'.repeat(64);
    const run = runOnQueue({ address: parseQueueUrl(redis.url), label: 'test', datasets: [{ sha256: sha, text: 'not the bars' }], jobs: [job('sma-cross', sha)] });
    await expect(run).rejects.toThrow(/a job failed for good, so the run stopped and nothing was stored: job 0 \(sweep-chunk\) failed on worker \S+: dataset aaaaaaaaaaaa… arrived changed/);
    expect(log.match(/failed \(will be retried\)/g)).toHaveLength(2);
  }, 120_000);

  it('a job that can never work (a strategy this worker does not know) fails at once', async () => {
    const sha = 'b'.repeat(64);
    const run = runOnQueue({ address: parseQueueUrl(redis.url), label: 'test', datasets: [{ sha256: sha, text: 'x' }], jobs: [job('no-such-strategy', sha)] });
    await expect(run).rejects.toThrow(/this worker does not know strategy "no-such-strategy".*update the worker/);
  }, 120_000);
});
