import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { decodeResult } from './codec.js';
import { keys, RUN_TTL_S } from './keys.js';
import type { JobEnvelope } from './protocol.js';
import { bullConnection } from './redis/client.js';
import { connectRedis, serverRunId } from './redis/commands.js';
import type { QueueAddress } from './redis/url.js';

export interface QueuedJob {
  kind: string;
  payload: unknown;
}

export interface RunOnQueueOptions {
  address: QueueAddress;
  /** What the run is (listed by `queue status`): optimize, walk-forward, ... */
  label: string;
  jobs: readonly QueuedJob[];
  /** Datasets the jobs refer to by SHA-256, stored once for all of them before the jobs are added. */
  datasets?: ReadonlyArray<{ sha256: string; text: string }>;
  /** Called once per result, the first time it arrives (a result written twice is counted once). */
  onResult?: (index: number, value: unknown, done: number, total: number) => void;
  /** Called once the jobs are queued, with the run's id (`workstation queue cancel ID` stops it). */
  onQueued?: (runId: string) => void;
  /** Stops the run: remaining jobs are removed, running ones stop; the results so far come back with `cancelled`. */
  signal?: AbortSignal;
  pollMs?: number;
  /** How long Redis may be unreachable before the run fails (default 15 s). */
  outageMs?: number;
  /** Tries per job when a worker's handler throws (a killed worker's job is retried by the stalled-job check). */
  attempts?: number;
}

export interface QueuedRun {
  runId: string;
  /** Decoded results by job index. */
  results: Map<number, unknown>;
  cancelled: boolean;
}

export function newRunId(): string {
  return `r${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

const jobId = (runId: string, index: number): string => `${runId}-${index}`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the promise's value, or undefined after `ms` (closing a queue on a dead connection can hang). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise.catch(() => undefined), sleep(ms).then(() => undefined)]);
}

/**
 * Queues a run's jobs, waits for every result and returns them by index. Each job's result is read from the run's
 * result hash, which holds one entry per job index however often a job ran, so nothing is counted twice. Redis
 * unreachable for longer than `outageMs`, or restarted (its run_id changed, so its jobs and results may be gone),
 * fails the run with a message saying so; a job that fails for good fails the run with its reason. Either way
 * nothing is returned, so a caller stores nothing half done.
 */
export async function runOnQueue(options: RunOnQueueOptions): Promise<QueuedRun> {
  const { address } = options;
  const k = keys(address.queue);
  const total = options.jobs.length;
  const outageMs = options.outageMs ?? 15_000;
  const pollMs = options.pollMs ?? 200;
  let redis = await connectRedis(address);
  const serverAtStart = await serverRunId(redis);
  const runId = newRunId();
  const results = new Map<number, unknown>();
  const queueConnection = bullConnection(address.target);
  const queue = new Queue(address.queue, { connection: queueConnection });
  // BullMQ reconnects by itself; whether the run can go on is decided below, from our own connection.
  queue.on('error', () => undefined);
  let finished = false;
  const cancelRemaining = async (): Promise<void> => {
    await redis.set(k.cancel(runId), '1', 'EX', RUN_TTL_S);
    for (let i = 0; i < total; i++) if (!results.has(i)) await queue.remove(jobId(runId, i)).catch(() => 0);
  };
  try {
    for (const d of options.datasets ?? []) await redis.set(k.dataset(d.sha256), d.text, 'EX', RUN_TTL_S);
    await redis.hset(k.run(runId), { kind: options.label, total: String(total), createdAt: String(Date.now()), host: hostname() });
    await redis.expire(k.run(runId), RUN_TTL_S);
    const attempts = options.attempts ?? 3;
    for (let at = 0; at < total; at += 500) {
      await queue.addBulk(
        options.jobs.slice(at, at + 500).map((job, n) => {
          const index = at + n;
          const data: JobEnvelope = { runId, index, kind: job.kind, payload: job.payload };
          return { name: job.kind, data, opts: { jobId: jobId(runId, index), attempts, backoff: { type: 'fixed', delay: 1_000 }, removeOnComplete: true, removeOnFail: { age: 86_400 } } };
        }),
      );
    }
    options.onQueued?.(runId);
    let lastContact = Date.now();
    for (;;) {
      if (options.signal?.aborted) {
        await cancelRemaining();
        finished = true;
        return { runId, results, cancelled: true };
      }
      try {
        const fields = (await redis.hkeys(k.results(runId))).filter((f) => !results.has(Number(f)));
        if (fields.length > 0) {
          // One pipelined HGET per new result (a spread into HMGET has no bound on its length).
          const pipeline = redis.pipeline();
          for (const field of fields) pipeline.hget(k.results(runId), field);
          const values = ((await pipeline.exec()) ?? []).map(([error, value]) => (error ? null : (value as string | null)));
          fields.forEach((field, n) => {
            const text = values[n];
            if (text === null || text === undefined) return;
            const index = Number(field);
            results.set(index, decodeResult(text));
            options.onResult?.(index, results.get(index), results.size, total);
          });
        }
        if (results.size >= total) {
          finished = true;
          return { runId, results, cancelled: false };
        }
        const failure = await redis.get(k.error(runId));
        if (failure !== null) throw new CodedError('INTERNAL', `a job failed for good, so the run stopped and nothing was stored: ${failure}`);
        if ((await redis.exists(k.cancel(runId))) === 1) {
          finished = true;
          return { runId, results, cancelled: true };
        }
        if ((await redis.exists(k.run(runId))) === 0) throw lost(address, 'its record of the run is gone (flushed or evicted)');
        lastContact = Date.now();
      } catch (error) {
        if (error instanceof CodedError) throw error;
        // The connection dropped: reconnect and find out whether this is still the same Redis.
        if (Date.now() - lastContact > outageMs) {
          throw new CodedError('UNAVAILABLE', `lost the connection to the queue at ${address.display} for more than ${Math.round(outageMs / 1000)} s (${error instanceof Error ? error.message : String(error)}); the run is abandoned and nothing was stored`);
        }
        const fresh = await connectRedis(address).catch(() => undefined);
        if (fresh) {
          redis.disconnect();
          redis = fresh;
          const server = await serverRunId(redis).catch(() => serverAtStart);
          if (server !== serverAtStart) throw lost(address, 'Redis restarted during the run (its run_id changed), so its queued jobs and results may be gone');
        }
      }
      await sleep(pollMs);
    }
  } catch (error) {
    // Whatever is left must not run on: remaining jobs are removed and running ones told to stop (if Redis answers).
    await within(cancelRemaining(), 2_000);
    throw error;
  } finally {
    // Done or cancelled: the run's record goes (a cancel flag stays until it expires, for workers still running a job).
    if (finished) await within(redis.del(k.results(runId), k.run(runId), k.error(runId)), 2_000);
    await within(queue.close(), 2_000);
    queueConnection.disconnect();
    redis.disconnect();
  }
}

function lost(address: QueueAddress, why: string): CodedError {
  return new CodedError('UNAVAILABLE', `the queue at ${address.display} lost this run: ${why}; nothing was stored, run the command again`);
}

/** Cancels a run from anywhere (`workstation queue cancel`, the Backtest tab): its producer then stops too. */
export async function cancelRun(address: QueueAddress, runId: string): Promise<{ removed: number }> {
  const k = keys(address.queue);
  const redis = await connectRedis(address);
  const queueConnection = bullConnection(address.target);
  const queue = new Queue(address.queue, { connection: queueConnection });
  queue.on('error', () => undefined);
  try {
    const total = Number((await redis.hget(k.run(runId), 'total')) ?? 'NaN');
    if (!Number.isInteger(total)) throw new CodedError('NOT_FOUND', `no run ${runId} on the queue at ${address.display} (finished, or never started)`);
    await redis.set(k.cancel(runId), '1', 'EX', RUN_TTL_S);
    let removed = 0;
    for (let i = 0; i < total; i++) removed += await queue.remove(jobId(runId, i)).catch(() => 0);
    return { removed };
  } finally {
    await within(queue.close(), 2_000);
    queueConnection.disconnect();
    redis.disconnect();
  }
}
