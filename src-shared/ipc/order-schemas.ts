import { z } from 'zod';
import { orderIntent } from '../domain/order-intent.js';
import { LOCAL_ORDER_STATUSES } from '../domain/order-status.js';

/** The orders service's payloads: what the ticket, the blotters, the kill switch and the CLI exchange with main. */
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/);

export const orderRecordSchema = z.strictObject({
  clientOrderId: z.string(),
  brokerOrderId: z.string().nullable(),
  source: z.string(),
  // Imported (external) orders carry the broker's fields as they came; the intent schema is for new orders.
  intent: z.record(z.string(), z.unknown()),
  status: z.enum(LOCAL_ORDER_STATUSES),
  filledQty: decimalText,
  filledAvgPrice: z.string().nullable(),
  brokerUpdatedAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  external: z.boolean(),
  rejectCode: z.string().nullable(),
  rejectMessage: z.string().nullable(),
  replacesClientOrderId: z.string().nullable(),
  parentClientOrderId: z.string().nullable(),
});

export const fillRecordSchema = z.strictObject({
  executionId: z.string(),
  brokerOrderId: z.string(),
  clientOrderId: z.string().nullable(),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  qty: decimalText,
  price: decimalText,
  cumQty: decimalText,
  at: z.number(),
  via: z.enum(['stream', 'backfill']),
});

export const positionRecordSchema = z.strictObject({
  symbol: z.string(),
  qty: decimalText,
  costBasis: decimalText,
  avgEntryPrice: decimalText,
  realizedPl: decimalText,
});

export const riskStateSchema = z.strictObject({ state: z.enum(['ACTIVE', 'REDUCING', 'HALTED']), reason: z.string() });

export const submitOrderRequest = z.strictObject({
  intent: orderIntent,
  /** Made by the ticket per click-intent: the same key twice yields one order. */
  requestKey: z.string().min(8).max(100),
});

export const submitOrderResponse = z.strictObject({
  ok: z.boolean(),
  order: orderRecordSchema.optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  repeated: z.boolean().optional(),
});

export const cancelOrderRequest = z.strictObject({ clientOrderId: z.string().min(1) });
export const replaceOrderRequest = z.strictObject({
  clientOrderId: z.string().min(1),
  qty: z.string().regex(/^\d+(\.\d+)?$/).optional(),
  limitPrice: z.string().regex(/^\d+(\.\d+)?$/).optional(),
  stopPrice: z.string().regex(/^\d+(\.\d+)?$/).optional(),
});

export const killSwitchRequest = z.strictObject({ flatten: z.boolean() });
/**
 * The switch answers at once: what was stopped before leaving (never sent) and what was already at the broker; the
 * broker cancels (all orders with flatten, else all but protective exits) then run in the background until confirmed
 * (`brokerWork`), and their outcome arrives as an alert (KILL_SWITCH_DONE or KILL_SWITCH_INCOMPLETE).
 */
export const killSwitchResponse = z.strictObject({
  canceled: z.boolean(),
  flattened: z.boolean(),
  errors: z.array(z.string()),
  stoppedLocally: z.array(z.string()),
  atBroker: z.array(z.string()),
  brokerWork: z.enum(['in-progress', 'done']),
});

/** A held order (never sent, kept while trading was halted after a restart): the trader sends or cancels it. */
export const releaseHeldRequest = z.strictObject({ clientOrderId: z.string().min(1), action: z.enum(['send', 'cancel']) });

/** `orders.list` pages: newest first, `limit` orders after the one named by `before` (the last of the previous page). */
export const ORDERS_PAGE_DEFAULT = 200;
export const ORDERS_PAGE_MAX = 1000;
export const ordersListRequest = z.strictObject({
  limit: z.number().int().min(1).max(ORDERS_PAGE_MAX).optional(),
  before: z.string().min(1).max(128).optional(),
  /** Only orders still working (not filled, canceled, expired, replaced or rejected). */
  open: z.boolean().optional(),
});

export const denialSchema = z.strictObject({ seq: z.number(), at: z.number(), source: z.string(), code: z.string(), message: z.string(), intent: z.unknown() });

export const reconciliationSchema = z.strictObject({
  at: z.number(),
  ok: z.boolean(),
  importedOrders: z.array(z.string()),
  importedPositions: z.array(z.string()),
  resolvedOrders: z.array(z.string()),
  differences: z.array(z.strictObject({ kind: z.enum(['position', 'order']), key: z.string(), local: z.string(), broker: z.string(), message: z.string() })),
});

export const ordersStatusSchema = z.strictObject({
  mode: z.enum(['demo', 'paper', 'live']),
  ready: z.boolean(),
  streamReady: z.boolean(),
  risk: riskStateSchema,
  pausedSources: z.array(z.string()),
  reconciliation: reconciliationSchema.nullable(),
});

export const alertSchema = z.strictObject({ code: z.string(), message: z.string(), source: z.string(), at: z.number() });

/** The ticket's preview: what submit would decide, and the money, with nothing sent or stored. */
export const previewOrderRequest = z.strictObject({ intent: orderIntent });
export const previewOrderResponse = z.strictObject({
  /** code is OK when every check passes, else the risk engine's (or the order path's) denial code. */
  verdict: z.strictObject({ ok: z.boolean(), code: z.string(), message: z.string() }),
  referencePrice: decimalText.nullable(),
  estimatedCost: decimalText.nullable(),
  buyingPower: decimalText.nullable(),
  buyingPowerAfter: decimalText.nullable(),
  reducing: z.boolean(),
});

/** The broker's account and, per position, its mark: the account blotter and unrealised P&L. */
export const accountSnapshotSchema = z.strictObject({
  status: z.string(),
  cash: decimalText,
  buyingPower: decimalText,
  equity: decimalText,
  lastEquity: decimalText,
  longMarketValue: decimalText,
  shortMarketValue: decimalText,
  tradingBlocked: z.boolean(),
  marks: z.array(z.strictObject({ symbol: z.string(), currentPrice: decimalText.nullable(), marketValue: decimalText.nullable(), unrealizedPl: decimalText.nullable() })),
});

/** Execution algorithms: parent orders whose children pass the same risk path as any order. */
export const algoStartRequest = z.strictObject({
  kind: z.enum(['twap', 'vwap', 'pov', 'iceberg']),
  symbol: z.string().regex(/^[A-Z][A-Z0-9.]{0,20}$/),
  side: z.enum(['buy', 'sell']),
  qty: z.number().int().min(1).max(1_000_000),
  limitPrice: z.string().regex(/^\d+(\.\d+)?$/).optional(),
  durationMs: z.number().int().min(1_000).max(86_400_000).optional(),
  slices: z.number().int().min(1).max(1_000).optional(),
  /** VWAP: relative volume per slice; absent means an even profile. */
  profile: z.array(z.number().nonnegative()).min(1).max(1_000).optional(),
  participation: z.number().gt(0).max(0.5).optional(),
  displayQty: z.number().int().min(1).optional(),
});

export const algoProgressSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['twap', 'vwap', 'pov', 'iceberg']),
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  targetQty: z.number(),
  filledQty: z.number(),
  sentQty: z.number(),
  childrenSent: z.number(),
  /** Children filled in full. */
  childrenFilled: z.number(),
  openChildren: z.number(),
  status: z.enum(['running', 'completed', 'canceled', 'failed']),
  reason: z.string().nullable(),
  startedAt: z.number(),
  endsAt: z.number().nullable(),
  updatedAt: z.number(),
});

export const algoResponse = z.strictObject({ ok: z.boolean(), algo: algoProgressSchema.optional(), code: z.string().optional(), message: z.string().optional() });

/** Exercise a long option contract held (all of it): POST /v2/positions/{symbol}/exercise. */
export const exerciseRequest = z.strictObject({ symbol: z.string().regex(/^[A-Z]{1,6}\d{6}[CP]\d{8}$/, 'must be an OCC option symbol like SPY240328C00515000') });
export const exerciseResponse = z.strictObject({ ok: z.boolean(), code: z.string().optional(), message: z.string() });
