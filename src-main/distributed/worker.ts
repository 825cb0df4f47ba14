import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { MarketData } from '../backtest/market-data.js';
import { encodeResult } from './codec.js';
import { decodeDataset } from './dataset.js';
import { jobHandler, type JobContext } from './handlers.js';
import { HEARTBEAT_MS, keys, RUN_TTL_S, WORKER_TTL_S } from './keys.js';
import { envelopeSchema, type DataRef } from './protocol.js';
import { bullConnection } from './redis/client.js';
import { connectRedis } from './redis/commands.js';
import type { QueueAddress } from './redis/url.js';
import { readCatalogBars } from './catalog-data.js';
import { SweepThreadPool } from './thread-pool.js';

export interface ResearchWorkerOptions {
  address: QueueAddress;
  /** Jobs run at once in this process (each sweep in its own thread). */
  concurrency: number;
  /** How long a job's lock lasts without renewal; a worker silent this long (killed, cut off) has its jobs retried. */
  stalledMs: number;
  sweepWorkerScript: string;
  /** Lines for the operator (job started, done, failed). */
  log?: (line: string) => void;
}

export interface RunningWorker {
  id: string;
  /** Stops taking jobs, lets the running ones finish (or, with `force`, abandons them to be retried elsewhere). */
  close(force?: boolean): Promise<void>;
}

/** How many datasets a worker keeps decoded (a run's chunks all use one). */
const DATASET_CACHE = 4;
const CANCEL_POLL_MS = 500;
/** The abort reason when the worker itself stops (the job is then retried, not dropped as cancelled). */
const SHUTDOWN = 'worker shutdown';

/**
 * A research worker: takes jobs from the queue (sweep chunks, walk-forward folds, backtests, and the kinds other
 * modules register), runs each with the same code as a local run, and stores its result under the run's result
 * hash by job index. A job's result is written once per index however often the job runs (after a worker is
 * killed, BullMQ's stalled-job check hands it to another), so the producer counts each result once.
 */
export async function startResearchWorker(options: ResearchWorkerOptions): Promise<RunningWorker> {
  const { address } = options;
  const k = keys(address.queue);
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = options.log ?? (() => undefined);
  // Comes back by itself after Redis restarts, so the heartbeat and results carry on.
  const redis = await connectRedis(address, true);
  const datasets = new Map<string, Promise<MarketData>>();
  const threads = new SweepThreadPool(options.sweepWorkerScript);
  const running = new Map<string, AbortController>();
  let done = 0;
  let failed = 0;
  const startedAt = Date.now();

  const dataOf = (ref: DataRef): Promise<MarketData> => {
    const cacheKey = ref.kind === 'redis' ? ref.sha256 : JSON.stringify(ref);
    let entry = datasets.get(cacheKey);
    if (!entry) {
      entry = (async () => {
        if (ref.kind === 'catalog') return readCatalogBars(ref);
        const text = await redis.get(k.dataset(ref.sha256));
        if (text === null) throw new UnrecoverableError(`the run's bars (dataset ${ref.sha256.slice(0, 12)}…) are not in Redis any more (expired, or Redis restarted); run the command again`);
        return decodeDataset(text, ref.sha256);
      })();
      entry.catch(() => datasets.delete(cacheKey));
      datasets.set(cacheKey, entry);
      while (datasets.size > DATASET_CACHE) datasets.delete(datasets.keys().next().value!);
    }
    return entry;
  };

  const process_ = async (job: Job): Promise<string> => {
    const envelope = envelopeSchema.safeParse(job.data);
    if (!envelope.success) throw new UnrecoverableError(`job ${job.id} is not a workstation job (${envelope.error.issues[0]?.message ?? 'bad shape'})`);
    const { runId, index, kind, payload } = envelope.data;
    if ((await redis.exists(k.cancel(runId))) === 1) return 'cancelled';
    // The producer has everything (a retried job may come back after its first result was collected) or is gone.
    if ((await redis.exists(k.run(runId))) === 0) {
      log(`job ${job.id} (${kind}) skipped: run ${runId} is over`);
      return 'run over';
    }
    // Done by an earlier attempt whose worker died before BullMQ heard of it: nothing to do again.
    if ((await redis.hexists(k.results(runId), String(index))) === 1) {
      log(`job ${job.id} (${kind}) was already done by an earlier attempt; not run again`);
      return 'already done';
    }
    const handler = jobHandler(kind);
    if (!handler) throw new UnrecoverableError(`this worker does not run "${kind}" jobs; update it to the producer's version`);
    const controller = new AbortController();
    running.set(String(job.id), controller);
    const poll = setInterval(() => {
      redis.exists(k.cancel(runId)).then(
        (n) => n === 1 && controller.abort(),
        () => undefined,
      );
    }, CANCEL_POLL_MS);
    log(`job ${job.id} (${kind}) started`);
    try {
      const context: JobContext = { signal: controller.signal, data: dataOf, sweepWorkerScript: options.sweepWorkerScript, threads };
      const value = await handler(payload, context);
      if (controller.signal.reason === SHUTDOWN) throw new Error('the worker stopped before the job was done; it is retried');
      if (value === undefined || controller.signal.aborted) {
        log(`job ${job.id} stopped: run ${runId} was cancelled`);
        return 'cancelled';
      }
      await redis.hset(k.results(runId), String(index), encodeResult(value));
      await redis.expire(k.results(runId), RUN_TTL_S);
      // Tests only: die in the one gap where a retry could count a result twice (stored, not yet acknowledged).
      if (process.env.WORKSTATION_TEST_KILL_AFTER_RESULT === '1') process.kill(process.pid, 'SIGKILL');
      done++;
      log(`job ${job.id} (${kind}) done`);
      return 'done';
    } catch (error) {
      // A job that cannot succeed anywhere (bad strategy, bad payload) is not retried; the producer reports it.
      if (error instanceof CodedError && error.code === 'BAD_REQUEST') throw new UnrecoverableError(error.message);
      throw error;
    } finally {
      clearInterval(poll);
      running.delete(String(job.id));
    }
  };

  const workerConnection = bullConnection(address.target);
  const worker = new Worker(address.queue, process_, {
    connection: workerConnection,
    concurrency: options.concurrency,
    lockDuration: options.stalledMs,
    stalledInterval: Math.max(1_000, Math.floor(options.stalledMs / 2)),
    maxStalledCount: 5,
    name: id,
  });
  worker.on('failed', (job, error) => {
    failed++;
    if (!job) return;
    const envelope = envelopeSchema.safeParse(job.data);
    const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    log(`job ${job.id} failed${final ? '' : ' (will be retried)'}: ${error.message}`);
    if (final && envelope.success) void redis.set(k.error(envelope.data.runId), `job ${envelope.data.index} (${envelope.data.kind}) failed on worker ${id}: ${error.message}`, 'EX', RUN_TTL_S, 'NX').catch(() => undefined);
  });
  worker.on('error', (error) => log(`queue connection: ${error.message}`));

  const beat = async (): Promise<void> => {
    const key = k.worker(id);
    await redis.hset(key, { id, host: hostname(), pid: String(process.pid), concurrency: String(options.concurrency), active: String(running.size), done: String(done), failed: String(failed), startedAt: String(startedAt), seenAt: String(Date.now()) });
    await redis.expire(key, WORKER_TTL_S);
  };
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS);

  return {
    id,
    async close(force = false) {
      clearInterval(heartbeat);
      if (force) for (const c of running.values()) c.abort(SHUTDOWN);
      await worker.close(force);
      workerConnection.disconnect();
      await threads.close();
      await redis.del(k.worker(id)).catch(() => undefined);
      redis.disconnect();
    },
  };
}
