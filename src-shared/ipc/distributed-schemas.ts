import { z } from 'zod';

/**
 * Schemas of the `distributed` service: the research queue (BullMQ on Redis) as the Backtest tab shows it. A queue
 * URL from the GUI never carries a password (the renderer holds no secret): main adds the one in
 * WORKSTATION_REDIS_PASSWORD.
 */
export const queueUrlSchema = z
  .string()
  .max(500)
  .regex(/^rediss?:\/\/[^\s]+$/, 'must look like redis://HOST:PORT/DB (rediss:// for TLS)')
  .refine((url) => !/^rediss?:\/\/[^/@]*:[^@/]+@/.test(url), 'must not carry a password: set WORKSTATION_REDIS_PASSWORD where the workstation runs instead');

export const queueStatusRequest = z.strictObject({ url: queueUrlSchema });

export const queueWorkerSchema = z.strictObject({
  id: z.string(),
  host: z.string(),
  pid: z.number(),
  concurrency: z.number(),
  active: z.number(),
  done: z.number(),
  failed: z.number(),
  startedAt: z.number(),
  seenAt: z.number(),
});

export const queueRunSchema = z.strictObject({
  runId: z.string(),
  kind: z.string(),
  total: z.number(),
  done: z.number(),
  createdAt: z.number(),
  host: z.string(),
  cancelled: z.boolean(),
});

export const queueStatusResponse = z.strictObject({
  queue: z.string(),
  /** The URL with any password masked. */
  url: z.string(),
  workers: z.array(queueWorkerSchema),
  counts: z.strictObject({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number(), completed: z.number() }),
  runs: z.array(queueRunSchema),
});
export type QueueStatusDto = z.infer<typeof queueStatusResponse>;

export const queueCancelRequest = z.strictObject({ url: queueUrlSchema, runId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
export const queueCancelResponse = z.strictObject({ removed: z.number().int() });
