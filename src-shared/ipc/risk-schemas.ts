import { z } from 'zod';

const positiveDecimal = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'must be a positive number like 1000 or 0.5')
  .refine((v) => Number(v) > 0, 'must be more than zero');
const fraction = positiveDecimal.refine((v) => Number(v) <= 1, 'is a fraction: 0.1 means 10%, at most 1');

/**
 * The risk engine's limits (src-main/kernel/risk), as the trader sets them in Settings; every order passes them,
 * whatever sends it. Amounts are decimal text (dollars, shares); drawdown and price band are fractions.
 */
export const riskLimitsSchema = z.strictObject({
  /** Shares in one order. */
  maxOrderQty: positiveDecimal,
  /** Dollars in one order, at the reference price. */
  maxOrderNotional: positiveDecimal,
  /** Absolute shares held in one symbol after an order. */
  maxPositionQty: positiveDecimal,
  /** Sum of |position value| over all symbols after an order, dollars. */
  maxGrossExposure: positiveDecimal,
  /** Loss since the previous close at which only reducing orders pass, dollars. */
  dailyLossLimit: positiveDecimal,
  /** Fall from the peak equity at which only reducing orders pass (0.2 = 20%). */
  maxDrawdown: fraction,
  /** How far a limit price may sit through the far side of the quote (0.05 = 5%): a fat-finger check. */
  priceBand: fraction,
});
export type RiskLimitsWire = z.infer<typeof riskLimitsSchema>;

const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/);

/** How much of each limit the account uses now; null where it cannot be read (orders not started, broker down). */
export const riskUsageSchema = z.strictObject({
  largestPosition: z.strictObject({ symbol: z.string(), qty: decimalText }).nullable(),
  grossExposure: decimalText.nullable(),
  /** Today's loss in dollars (0 on a day up). */
  dayLoss: decimalText.nullable(),
  /** Fall from the peak equity, a fraction. */
  drawdown: decimalText.nullable(),
  /** Why the figures are missing, for the trader. */
  note: z.string().nullable(),
});

export const riskLimitsResponse = z.strictObject({
  limits: riskLimitsSchema,
  defaults: riskLimitsSchema,
  usage: riskUsageSchema,
});
