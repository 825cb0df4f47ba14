/**
 * An order's life as the workstation tracks it. The broker statuses are Alpaca's; two more are local:
 * `journaled` (written to the journal, not yet sent) and `unknown` (sent, but no answer proves whether the broker
 * has it; only a lookup by client order id settles it).
 */
export const BROKER_ORDER_STATUSES = [
  'pending_new',
  'accepted',
  'new',
  'held',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'rejected',
  'stopped',
  'suspended',
  'calculated',
  'accepted_for_bidding',
] as const;
export type BrokerOrderStatus = (typeof BROKER_ORDER_STATUSES)[number];

export const LOCAL_ORDER_STATUSES = ['journaled', 'unknown', ...BROKER_ORDER_STATUSES] as const;
export type LocalOrderStatus = (typeof LOCAL_ORDER_STATUSES)[number];

export const TERMINAL_ORDER_STATUSES: ReadonlySet<LocalOrderStatus> = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected']);

export function isTerminal(status: LocalOrderStatus): boolean {
  return TERMINAL_ORDER_STATUSES.has(status);
}

export function isBrokerStatus(value: string): value is BrokerOrderStatus {
  return (BROKER_ORDER_STATUSES as readonly string[]).includes(value);
}

const WORKING: readonly BrokerOrderStatus[] = ['new', 'partially_filled', 'pending_cancel', 'pending_replace', 'held', 'done_for_day', 'stopped', 'suspended', 'calculated', 'accepted_for_bidding'];
const ENDINGS: readonly BrokerOrderStatus[] = ['filled', 'canceled', 'expired', 'replaced', 'rejected'];

/**
 * Which status may follow which (Alpaca's order lifecycle). A pending cancel or replace can still fill, and a
 * refused cancel or replace returns the order to new or partially_filled; nothing leaves a terminal status.
 */
const NEXT: Record<BrokerOrderStatus, readonly BrokerOrderStatus[]> = {
  pending_new: ['accepted', ...WORKING, ...ENDINGS],
  accepted: ['pending_new', ...WORKING, ...ENDINGS],
  accepted_for_bidding: [...WORKING, ...ENDINGS],
  new: [...WORKING, ...ENDINGS],
  held: [...WORKING, ...ENDINGS],
  partially_filled: ['partially_filled', 'pending_cancel', 'pending_replace', 'done_for_day', 'stopped', 'suspended', 'calculated', ...ENDINGS],
  pending_cancel: ['new', 'partially_filled', 'pending_cancel', 'filled', 'canceled', 'expired', 'replaced'],
  pending_replace: ['new', 'partially_filled', 'pending_replace', 'pending_cancel', 'filled', 'canceled', 'expired', 'replaced', 'rejected'],
  done_for_day: ['new', 'partially_filled', 'pending_cancel', 'filled', 'canceled', 'expired', 'replaced'],
  stopped: ['partially_filled', 'filled', 'canceled', 'expired'],
  suspended: ['new', 'partially_filled', 'pending_cancel', 'filled', 'canceled', 'expired'],
  calculated: ['filled', 'partially_filled', 'canceled'],
  filled: [],
  canceled: [],
  expired: [],
  replaced: [],
  rejected: [],
};

/** Whether `to` may follow `from`; staying in the same status is always allowed (a repeated event). */
export function canTransition(from: LocalOrderStatus, to: LocalOrderStatus): boolean {
  if (from === to) return true;
  if (to === 'journaled') return false;
  if (from === 'journaled') return true;
  if (from === 'unknown') return to !== 'unknown';
  if (to === 'unknown') return false;
  return NEXT[from].includes(to);
}
