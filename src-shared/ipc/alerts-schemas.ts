import { z } from 'zod';
import { TIMEFRAMES } from '../domain/bar.js';

/**
 * Schemas of the `alerts` service: rules the trader defines, evaluated in main against live market data, orders,
 * the risk state and the data connection; each firing is stored once and delivered to the GUI, the desktop
 * (notifications, tray) and optionally a webhook.
 */
const ruleSymbol = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'must be a ticker such as AAPL or BRK.B');
const level = z.number().positive().max(1e9);

export const alertCondition = z.discriminatedUnion('kind', [
  /** The last trade crosses up through the level (fires again only after trading below it). */
  z.strictObject({ kind: z.literal('price-above'), symbol: ruleSymbol, level }),
  /** The last trade crosses down through the level. */
  z.strictObject({ kind: z.literal('price-below'), symbol: ruleSymbol, level }),
  /** The price moved at least `percent` (either way) from its value `windowMinutes` ago or less. */
  z.strictObject({ kind: z.literal('percent-move'), symbol: ruleSymbol, percent: z.number().positive().max(100), windowMinutes: z.number().int().min(1).max(1440) }),
  z.strictObject({ kind: z.literal('order-filled') }),
  z.strictObject({ kind: z.literal('order-rejected') }),
  /** The risk engine's state changed (active, reducing, halted). */
  z.strictObject({ kind: z.literal('risk-state') }),
  /** A watched symbol went stale (no data during market hours, or the stream is down). */
  z.strictObject({ kind: z.literal('data-stale'), symbol: ruleSymbol }),
  /** The market data connection dropped. */
  z.strictObject({ kind: z.literal('disconnect') }),
  /** A bot stopped on a strategy error, or paused after a definitive broker rejection (once per event). */
  z.strictObject({ kind: z.literal('bot-error') }),
  /**
   * An indicator of the library (src-main/kernel/indicators) over the symbol's bars of a timeframe crosses a
   * level, judged on completed bars: "RSI(14) of SPY on 1Min crosses above 70". Fires once per crossing; main
   * checks the indicator id, its parameters and the output against the registry.
   */
  z.strictObject({
    kind: z.literal('indicator'),
    symbol: ruleSymbol,
    timeframe: z.enum(TIMEFRAMES),
    indicator: z.string().trim().toLowerCase().min(1).max(32),
    params: z.record(z.string().max(32), z.number().finite()).default({}),
    /** Which output of a multi-output indicator (MACD's signal, a band); absent: its first. */
    output: z.string().max(32).optional(),
    direction: z.enum(['crosses-above', 'crosses-below']),
    level: z.number().finite().min(-1e9).max(1e9),
  }),
]);
export type AlertCondition = z.infer<typeof alertCondition>;
export const ALERT_KINDS = ['price-above', 'price-below', 'percent-move', 'order-filled', 'order-rejected', 'risk-state', 'data-stale', 'disconnect', 'bot-error', 'indicator'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Webhooks go to https addresses, or plain http on loopback (a local bridge); no credentials in the address. */
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[^\s]*)?$/;
const LOOPBACK_HTTP_URL = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?(\/[^\s]*)?$/;
export const webhookUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => HTTPS_URL.test(value) || LOOPBACK_HTTP_URL.test(value), 'must be an https address (or http on 127.0.0.1) without credentials');

/**
 * How often a rule may fire: 'once' turns the rule off after its first firing; 'cooldown' keeps it quiet for
 * `cooldownSeconds` (of the event's own clock: the exchange's, simulated in demo) after each firing.
 */
export const ALERT_REPEATS = ['once', 'cooldown'] as const;
export const alertRepeat = z.enum(ALERT_REPEATS);
/** Market conditions repeat while a price hovers: five minutes between firings unless told otherwise. */
export const DEFAULT_COOLDOWN_SECONDS = 300;
/** Kinds whose every event is its own news (each fill, each rejection, each risk change): no cooldown by default. */
const EVENT_KINDS: ReadonlySet<AlertKind> = new Set(['order-filled', 'order-rejected', 'risk-state', 'disconnect', 'bot-error']);
export function defaultCooldownSeconds(kind: AlertKind): number {
  return EVENT_KINDS.has(kind) ? 0 : DEFAULT_COOLDOWN_SECONDS;
}
const cooldownSeconds = z.number().int().min(0).max(7 * 86_400);

export const alertRule = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(120),
  condition: alertCondition,
  enabled: z.boolean(),
  webhookUrl: webhookUrl.nullable(),
  repeat: alertRepeat,
  cooldownSeconds,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type AlertRule = z.infer<typeof alertRule>;

export const saveAlertRuleRequest = z.strictObject({
  /** Absent: a new rule. */
  id: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(120),
  condition: alertCondition,
  enabled: z.boolean().default(true),
  webhookUrl: webhookUrl.nullable().default(null),
  repeat: alertRepeat.default('cooldown'),
  /** Absent: the kind's default (defaultCooldownSeconds). */
  cooldownSeconds: cooldownSeconds.optional(),
});
export const alertRulesResponse = z.strictObject({ rules: z.array(alertRule) });

export const firedAlert = z.strictObject({
  id: z.number().int(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(ALERT_KINDS),
  /** What happened, for people: "AAPL crossed above 190.00 at 190.02". */
  message: z.string(),
  /** Identifies the event the rule fired for; a rule fires at most once per event key. */
  eventKey: z.string(),
  at: z.number().int(),
  value: z.number().nullable(),
});
export type FiredAlert = z.infer<typeof firedAlert>;
export const alertHistoryRequest = z.strictObject({ limit: z.number().int().min(1).max(1000) });
export const alertHistoryResponse = z.strictObject({ fired: z.array(firedAlert) });
