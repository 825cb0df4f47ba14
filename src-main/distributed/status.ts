import { Queue } from 'bullmq';
import { keys } from './keys.js';
import { bullConnection } from './redis/client.js';
import { connectRedis, scanKeys } from './redis/commands.js';
import type { QueueAddress } from './redis/url.js';

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  active: number;
  done: number;
  failed: number;
  startedAt: number;
  seenAt: number;
}

export interface RunInfo {
  runId: string;
  kind: string;
  total: number;
  done: number;
  createdAt: number;
  host: string;
  cancelled: boolean;
}

export interface QueueStatus {
  queue: string;
  url: string;
  workers: WorkerInfo[];
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  runs: RunInfo[];
}

/** The workers whose heartbeat is fresh, the queue's job counts and the runs in progress. */
export async function queueStatus(address: QueueAddress): Promise<QueueStatus> {
  const k = keys(address.queue);
  const redis = await connectRedis(address);
  const queueConnection = bullConnection(address.target);
  const queue = new Queue(address.queue, { connection: queueConnection });
  queue.on('error', () => undefined);
  try {
    const workers: WorkerInfo[] = [];
    for (const key of await scanKeys(redis, k.workerPattern)) {
      const h = await redis.hgetall(key);
      if (!h.id) continue;
      workers.push({ id: h.id, host: h.host ?? '', pid: Number(h.pid), concurrency: Number(h.concurrency), active: Number(h.active), done: Number(h.done), failed: Number(h.failed), startedAt: Number(h.startedAt), seenAt: Number(h.seenAt) });
    }
    workers.sort((a, b) => a.id.localeCompare(b.id));
    const runs: RunInfo[] = [];
    for (const key of await scanKeys(redis, k.runPattern)) {
      const runId = key.slice(key.lastIndexOf(':run:') + 5);
      if (runId.includes(':')) continue;
      const h = await redis.hgetall(key);
      const done = await redis.hlen(k.results(runId));
      const cancelled = (await redis.exists(k.cancel(runId))) === 1;
      runs.push({ runId, kind: h.kind ?? '', total: Number(h.total), done, createdAt: Number(h.createdAt), host: h.host ?? '', cancelled });
    }
    runs.sort((a, b) => a.createdAt - b.createdAt);
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return { queue: address.queue, url: address.display, workers, counts: { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 }, runs };
  } finally {
    await Promise.race([queue.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
    queueConnection.disconnect();
    redis.disconnect();
  }
}

/** Job slots of the workers connected now (their summed concurrency; 0 when none is). */
export async function connectedSlots(address: QueueAddress): Promise<number> {
  const k = keys(address.queue);
  const redis = await connectRedis(address);
  try {
    let slots = 0;
    for (const key of await scanKeys(redis, k.workerPattern)) slots += Number((await redis.hget(key, 'concurrency')) ?? 0) || 0;
    return slots;
  } finally {
    redis.disconnect();
  }
}
