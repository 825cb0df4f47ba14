/**
 * Our own Redis keys beside BullMQ's (which live under `bull:<queue>:`). Everything a run leaves is under its run
 * key and expires on its own after RUN_TTL_S, so a producer that dies leaves nothing behind for long.
 */
export const RUN_TTL_S = 2 * 86_400;
/** A worker's heartbeat lives this long; it is refreshed every HEARTBEAT_MS. */
export const WORKER_TTL_S = 15;
export const HEARTBEAT_MS = 5_000;

export function keys(queue: string) {
  const base = `wsr:${queue}`;
  return {
    /** Hash: kind, total, createdAt, host (what `queue status` lists). */
    run: (runId: string) => `${base}:run:${runId}`,
    /** Hash: job index -> encoded result. HSET of the same index twice stores it once: results are counted once. */
    results: (runId: string) => `${base}:run:${runId}:results`,
    /** String: set when the run is cancelled; workers skip its jobs and stop the ones they are running. */
    cancel: (runId: string) => `${base}:run:${runId}:cancel`,
    /** String: the first job failure that will not be retried (the producer fails the run with it). */
    error: (runId: string) => `${base}:run:${runId}:error`,
    runPattern: `${base}:run:*`,
    /** String: a dataset sent inline (columns as base64), by the SHA-256 of its text. */
    dataset: (sha256: string) => `${base}:data:${sha256}`,
    /** Hash: a worker's heartbeat (host, pid, concurrency, jobs running and done). */
    worker: (workerId: string) => `${base}:worker:${workerId}`,
    workerPattern: `${base}:worker:*`,
  };
}
