import { z } from 'zod';

/**
 * The live meta-allocation (`bots.allocation`, `bots.setAllocationLimits`): the trader's limits and, per session
 * close, each running bot's weight and the allocation it was given.
 */
export const allocationLimitsSchema = z
  .strictObject({
    enabled: z.boolean(),
    method: z.enum(['exp3', 'thompson']),
    /** A bot's smallest share of the total (at least 1%: an allocation is always above 0 dollars). */
    minWeight: z.number().min(0.01, 'the smallest weight must be at least 0.01 (1%)').max(1),
    maxWeight: z.number().min(0.01).max(1, 'the largest weight must be at most 1 (100%)'),
    /** Dollars split across the running bots. */
    totalCapital: z.number().positive('total capital must be above 0').max(1e12),
  })
  .refine((l) => l.maxWeight >= l.minWeight, { message: 'the largest weight must not be below the smallest', path: ['maxWeight'] });
export type AllocationLimitsDto = z.infer<typeof allocationLimitsSchema>;

export const allocationRowSchema = z.strictObject({
  botId: z.string(),
  /** Its ledger's P&L at the close, the allocation it held over the day, and its day return (null: its first close). */
  pl: z.number(),
  allocation: z.number(),
  dayReturn: z.number().nullable(),
  weight: z.number(),
  newAllocation: z.string(),
});

export const allocationDaySchema = z.strictObject({ t: z.number().int(), date: z.string(), rows: z.array(allocationRowSchema) });
export type AllocationDayDto = z.infer<typeof allocationDaySchema>;

export const allocationRequest = z.strictObject({ limit: z.number().int().min(1).max(1000).default(60) });
export const allocationResponse = z.strictObject({ limits: allocationLimitsSchema, days: z.array(allocationDaySchema) });
export type AllocationViewDto = z.infer<typeof allocationResponse>;
