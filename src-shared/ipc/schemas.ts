import { z } from 'zod';
import { TRADING_MODES } from '../domain/mode.js';

/** Building blocks shared by several contract entries. */

export const emptyRequest = z.strictObject({});

export const tradingMode = z.enum(TRADING_MODES);

export const healthState = z.enum(['starting', 'ok', 'degraded', 'down', 'stopped']);

export const serviceHealth = z.strictObject({
  name: z.string(),
  state: healthState,
  detail: z.string(),
  checkedAt: z.number(),
});
export type ServiceHealth = z.infer<typeof serviceHealth>;

export const logLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof logLevel>;

export const logEntry = z.strictObject({
  seq: z.number().int(),
  at: z.number(),
  level: logLevel,
  source: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type LogEntry = z.infer<typeof logEntry>;

export const loopDelayStats = z.strictObject({
  samples: z.number().int().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  meanMs: z.number().nonnegative(),
});
export type LoopDelayStats = z.infer<typeof loopDelayStats>;

export const systemMetrics = z.strictObject({
  at: z.number(),
  uptimeMs: z.number().nonnegative(),
  mode: tradingMode,
  loopDelay: loopDelayStats,
  memory: z.strictObject({
    rssBytes: z.number().nonnegative(),
    heapUsedBytes: z.number().nonnegative(),
    heapTotalBytes: z.number().nonnegative(),
    externalBytes: z.number().nonnegative(),
  }),
  services: z.array(serviceHealth),
});
export type SystemMetrics = z.infer<typeof systemMetrics>;

export const systemInfo = z.strictObject({
  appName: z.string(),
  version: z.string(),
  mode: tradingMode,
  shell: z.enum(['electron', 'headless']),
  startedAt: z.number(),
  platform: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  dataDir: z.string(),
});
export type SystemInfo = z.infer<typeof systemInfo>;

export const healthReport = z.strictObject({
  ok: z.boolean(),
  services: z.array(serviceHealth),
});
export type HealthReport = z.infer<typeof healthReport>;
