import { Decimal } from 'decimal.js';
import type { HostChild } from './host-child.js';
import type { RecordingExchange } from './recording-exchange.js';

/** A kill switch trip and its reset: no order of ours may reach the exchange between them. */
export interface HaltWindow {
  /** Wall clock when the trip was sent. */
  sentAt: number;
  /** The host's own time of the trip (its KILL_SWITCH alert), when seen: the precise start. */
  hostAt: number | undefined;
  /** When the resume was sent; undefined while halted. */
  resumedAt: number | undefined;
  step: number;
}

export interface Bounds {
  /** RSS of the host above its first reading that counts as unbounded growth. */
  rssGrowthBytes: number;
  /** After a slow reader is gone, RSS must come back within this of its level before the reader. */
  rssAfterSlowReaderBytes: number;
  /** The host's loop p99 (its own 10 s window, from system.metrics) beyond this process's own over the same time. */
  loopP99Ms: number;
  /**
   * Only where the host's own write stamps are missing (order-post-hook.mjs not loaded) and arrivals at the
   * exchange stand in: how late a request already on the wire at the trip may still land.
   */
  inFlightGraceMs: number;
}

export const DEFAULT_BOUNDS: Bounds = { rssGrowthBytes: 400 * 1024 * 1024, rssAfterSlowReaderBytes: 200 * 1024 * 1024, loopP99Ms: 250, inFlightGraceMs: 50 };

/** An order request and when it counted: written by the host (its clock), or received by the exchange. */
export interface TimedRequest {
  at: number;
  clientOrderId: string | undefined;
  label: string;
}

/**
 * Order requests inside a halt window: later than the trip (plus `graceMs`) and before the reset. The trip is the
 * host's own time of it (its KILL_SWITCH alert) when seen, else the time it was sent plus a generous allowance.
 */
export function ordersAfterTrips(requests: readonly TimedRequest[], windows: readonly HaltWindow[], graceMs: number): Array<{ request: TimedRequest; window: HaltWindow; afterMs: number }> {
  const found: Array<{ request: TimedRequest; window: HaltWindow; afterMs: number }> = [];
  for (const window of windows) {
    const start = window.hostAt ?? window.sentAt + 250;
    for (const request of requests) {
      if (request.at > start + graceMs && (window.resumedAt === undefined || request.at < window.resumedAt)) found.push({ request, window, afterMs: request.at - start });
    }
  }
  return found;
}

/** Whether the host process is alive and never reported an unhandled rejection or uncaught exception. */
export function hostProblems(host: HostChild, expectedDown: boolean): string[] {
  const problems: string[] = [];
  const exit = host.exit();
  if (exit !== null && !expectedDown) problems.push(`the host exited on its own (code ${exit.code}, signal ${exit.signal}); stderr tail:\n${host.stderr().slice(-3000)}`);
  if (host.crashed()) problems.push(`the host's stderr shows an unhandled rejection or uncaught exception:\n${host.stderr().slice(-3000)}`);
  return problems;
}

export interface LocalOrder {
  clientOrderId: string;
  brokerOrderId: string | null;
  status: string;
  filledQty: string;
  external: boolean;
  rejectCode: string | null;
}

/** The order manager's mark on an order held (never sent) because trading was halted at a restart: the trader decides. */
const HELD_CODE = 'HELD_WHILE_HALTED';

export interface LocalPosition {
  symbol: string;
  qty: string;
}

/** Statuses a local order may keep without a broker order: refused or stopped before sending. */
const LOCAL_ONLY_SETTLED = new Set(['rejected', 'canceled']);

const same = (a: string, b: string): boolean => {
  try {
    return new Decimal(a).eq(new Decimal(b));
  } catch {
    return a === b;
  }
};

/** Differences between the journal (as the GUI reads it) and the exchange; empty when they agree. */
export function journalDifferences(local: readonly LocalOrder[], exchange: RecordingExchange): string[] {
  const differences: string[] = [];
  const byClient = new Map(local.map((o) => [o.clientOrderId, o]));
  const byBroker = new Map(local.filter((o) => o.brokerOrderId !== null).map((o) => [o.brokerOrderId!, o]));
  const atExchange = exchange.orders();
  const exchangeIds = new Set(atExchange.map((o) => o.id));
  for (const order of atExchange) {
    const mine = byClient.get(order.clientOrderId) ?? byBroker.get(order.id);
    if (!mine) {
      differences.push(`exchange order ${order.clientOrderId} (${order.symbol} ${order.status}) is not in the journal`);
      continue;
    }
    if (mine.status !== order.status || !same(mine.filledQty, order.filledQty)) {
      differences.push(`${order.clientOrderId}: journal ${mine.status} filled ${mine.filledQty}, exchange ${order.status} filled ${order.filledQty}`);
    }
  }
  for (const order of local) {
    if (order.brokerOrderId !== null) {
      if (!exchangeIds.has(order.brokerOrderId)) differences.push(`${order.clientOrderId}: the journal names broker order ${order.brokerOrderId}, which the exchange does not have`);
    } else if (!LOCAL_ONLY_SETTLED.has(order.status) && !(order.status === 'journaled' && order.rejectCode === HELD_CODE)) {
      differences.push(`${order.clientOrderId}: ${order.status} in the journal with no broker order`);
    }
  }
  return differences;
}

/** Differences between the host's positions and the exchange's (non-zero quantities, exact). */
export function positionDifferences(local: readonly LocalPosition[], exchange: RecordingExchange): string[] {
  const differences: string[] = [];
  const broker = exchange.positions();
  const mine = new Map(local.filter((p) => !same(p.qty, '0')).map((p) => [p.symbol, p.qty]));
  for (const symbol of new Set([...broker.keys(), ...mine.keys()])) {
    const a = mine.get(symbol) ?? '0';
    const b = broker.get(symbol) ?? '0';
    if (!same(a, b)) differences.push(`${symbol}: host ${a}, exchange ${b}`);
  }
  return differences;
}
