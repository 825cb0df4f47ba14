import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResultDto } from '../../../src-shared/ipc/backtest-schemas.js';
import type { QueueStatusDto } from '../../../src-shared/ipc/distributed-schemas.js';
import type { Envelope } from '../../../src-shared/ipc/errors.js';
import type { RunningHost } from '../../../src-main/host/host.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { startRedis, type RunningRedis } from '../../support/redis-server.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';
import { RawClient } from '../../support/ws-client.js';
import { ensureBuilt } from '../../support/build.js';

/**
 * The Backtest tab's side of the queue, over the headless host's WebSocket: `distributed.status` lists the worker
 * process connected to a real Redis, and `backtest.optimize` with `queue` gives the same optimisation and
 * walk-forward as without it.
 */
const root = join(__dirname, '..', '..', '..');
const file = join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt');

describe('the Backtest tab on a research queue', () => {
  let ws: TestWorkstation;
  let host: RunningHost;
  let client: RawClient;
  let redis: RunningRedis;
  let worker: ChildProcess;
  let id = 0;
  const call = async <T>(ch: string, req: unknown): Promise<Envelope<T>> => (await client.call(++id, ch, req)).env as Envelope<T>;
  const value = async <T>(ch: string, req: unknown, timeoutMs = 10_000): Promise<T> => {
    const callId = ++id;
    client.send({ t: 'invoke', id: callId, ch, req });
    const env = ((await client.waitFor((m) => m.t === 'result' && m.id === callId, timeoutMs)) as { env: Envelope<T> }).env;
    if (!env.ok) throw new Error(`${ch}: ${env.error.code} ${env.error.message}`);
    return env.value;
  };

  beforeAll(async () => {
    // Always rebuild: the job thread's bundle now carries the queue client, the CLI runs the worker.
    ensureBuilt('main'); // never rebuilt under running tests: a rebuild swaps the CLI's chunk files
    ensureBuilt('backtest-worker');
    redis = await startRedis();
    worker = spawn(process.execPath, [join(root, 'dist/main/cli.mjs'), 'worker', '--queue', redis.url, '--concurrency', '2'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => worker.stdout!.on('data', (c: Buffer) => c.toString().includes(' on redis://') && resolve()));
    ws = await startTestWorkstation();
    host = await startTestHost(ws.workstation);
    client = await RawClient.open(host.port);
    await client.auth(host.token);
  }, 120_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    client?.socket.close();
    await host?.close();
    await ws?.dispose();
    await redis?.stop();
  });

  it('lists the connected worker and refuses a URL with a password (the renderer holds no secret)', async () => {
    const status = await value<QueueStatusDto>('distributed.status', { url: redis.url });
    expect(status.workers).toHaveLength(1);
    expect(status.workers[0]).toMatchObject({ pid: worker.pid, concurrency: 2, active: 0 });
    expect(status.queue).toBe('workstation');
    const refused = await call('distributed.status', { url: `redis://:secret@127.0.0.1:${redis.port}/0` });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('BAD_REQUEST');
      expect(refused.error.message).toMatch(/must not carry a password/);
    }
  });

  it.each([
    ['an optimisation', {}],
    ['a walk-forward', { walkForward: { inSample: 756, outOfSample: 252 } }],
  ])('%s on the queue equals the local one', async (_what, extra) => {
    const request = { strategy: 'sma-cross', data: { kind: 'file', path: file }, grid: { fast: [5, 10, 15, 20], slow: [50, 100, 150, 200] }, ...extra };
    const local = await value<OptimizeResultDto>('backtest.optimize', { ...request, jobId: `local-${id}` }, 240_000);
    const queued = await value<OptimizeResultDto>('backtest.optimize', { ...request, jobId: `queued-${id}`, queue: redis.url }, 240_000);
    const { seconds: _a, ...l } = local;
    const { seconds: _b, ...q } = queued;
    expect(q).toEqual(l);
    expect(JSON.stringify(q)).toBe(JSON.stringify(l));
    expect(q.evaluated).toBe(16);
  }, 300_000);
});
