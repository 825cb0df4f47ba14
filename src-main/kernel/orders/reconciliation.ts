import { Decimal } from 'decimal.js';
import { amountText, qtyText } from '../../../src-shared/decimal-text.js';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { OrderJournal } from './journal/order-journal.js';
import type { OrderLookup } from './order-lookup.js';
import type { PositionState } from './positions.js';
import type { ExecutionVenue, VenueOrder } from './venue.js';

export interface ReconciliationDifference {
  kind: 'position' | 'order';
  key: string;
  local: string;
  broker: string;
  message: string;
}

/** The outcome of comparing the journal with the broker at start-up (or on demand). */
export interface ReconciliationReport {
  at: EpochMs;
  ok: boolean;
  importedOrders: string[];
  importedPositions: string[];
  resolvedOrders: string[];
  differences: ReconciliationDifference[];
}

/** Positions agree to the share fraction in quantity and to the cent in cost basis. */
export function positionsAgree(local: { qty: Decimal; costBasis: Decimal }, broker: { qty: string; costBasis: string }): boolean {
  if (!local.qty.eq(broker.qty)) return false;
  return local.costBasis.abs().toDecimalPlaces(2, Decimal.ROUND_HALF_UP).eq(new Decimal(broker.costBasis).abs().toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
}

/** What the start-up comparison needs from the order manager. */
export interface ReconcileHost {
  journal: OrderJournal;
  venue: ExecutionVenue;
  lookups: OrderLookup;
  now: () => EpochMs;
  /** An order journaled but never seen by the broker is sent after a restart only if this young. */
  resendUnsentWithinMs: number;
  positions: () => ReadonlyMap<string, PositionState>;
  isHeld: (record: OrderRecord) => boolean;
  applyBrokerOrder: (order: VenueOrder) => OrderRecord;
  updateRecord: (record: OrderRecord) => void;
  backfill: (reason: string) => Promise<void>;
  rebuildPositions: () => void;
}

function positionDifference(symbol: string, local: { qty: Decimal; costBasis: Decimal } | undefined, brokerQty: string, brokerCost: string): ReconciliationDifference {
  const localQty = local ? qtyText(local.qty) : '0';
  return { kind: 'position', key: symbol, local: `${localQty} (cost ${local?.costBasis.toFixed(2) ?? '0.00'})`, broker: `${brokerQty} (cost ${new Decimal(brokerCost).toFixed(2)})`, message: `${symbol}: ${localQty} here, ${brokerQty} at the broker` };
}

/**
 * Compares the journal with the broker at start-up. Orders still journaled or unknown are settled together (held
 * ones wait for the trader); one the broker never saw is returned in `pendingSends` if young, else abandoned
 * (NOT_SENT_BEFORE_RESTART); orders and positions the broker has and the journal does not are imported as external;
 * every other difference is reported (the caller halts): nothing is "fixed".
 */
export async function compareWithBroker(host: ReconcileHost): Promise<{ report: ReconciliationReport; pendingSends: OrderRecord[] }> {
  const { journal, venue, now } = host;
  const report: ReconciliationReport = { at: now(), ok: true, importedOrders: [], importedPositions: [], resolvedOrders: [], differences: [] };
  const pendingSends: OrderRecord[] = [];
  const unsettled = journal.openOrders().filter((r) => (r.status === 'journaled' || r.status === 'unknown') && !host.isHeld(r));
  const lookedUp = await host.lookups.many(unsettled);
  for (const record of unsettled) {
    const found = lookedUp.get(record.clientOrderId);
    if (found === 'error') throw new Error(`cannot reach the broker to settle order ${record.clientOrderId}`);
    if (found) {
      host.applyBrokerOrder(found);
      report.resolvedOrders.push(record.clientOrderId);
    } else if (now() - record.createdAt <= host.resendUnsentWithinMs) {
      pendingSends.push(record);
    } else {
      const abandoned: OrderRecord = { ...record, status: 'canceled', rejectCode: 'NOT_SENT_BEFORE_RESTART', rejectMessage: 'written to the journal but never reached the broker; too old to send after a restart', updatedAt: now() };
      host.updateRecord(abandoned);
      report.resolvedOrders.push(record.clientOrderId);
    }
  }
  const known = new Set(journal.allOrders().map((o) => o.clientOrderId));
  const brokerOpen = await venue.listOrders({ status: 'open', limit: 500 });
  for (const order of brokerOpen) {
    if (!known.has(order.clientOrderId) && !journal.getByBrokerId(order.id)) report.importedOrders.push(order.clientOrderId);
    host.applyBrokerOrder(order);
  }
  const brokerOpenIds = new Set(brokerOpen.flatMap((o) => [o.id, ...o.legs.map((l) => l.id)]));
  for (const record of journal.openOrders()) {
    if (!record.brokerOrderId || brokerOpenIds.has(record.brokerOrderId)) continue;
    const found = await host.lookups.one(record.clientOrderId);
    if (found && found !== 'error') {
      host.applyBrokerOrder(found);
    } else {
      report.differences.push({ kind: 'order', key: record.clientOrderId, local: record.status, broker: 'missing', message: `order ${record.clientOrderId} is ${record.status} here but the broker does not know it` });
    }
  }
  await host.backfill('start-up');
  host.rebuildPositions();
  const brokerPositions = await venue.positions();
  const seen = new Set<string>();
  for (const bp of brokerPositions) {
    seen.add(bp.symbol);
    const local = host.positions().get(bp.symbol);
    const hasHistory = journal.allFills().some((f) => f.symbol === bp.symbol) || journal.externalPositions().some((b) => b.symbol === bp.symbol);
    if (!hasHistory) {
      const qty = new Decimal(bp.qty);
      const cost = new Decimal(bp.costBasis).abs();
      journal.setExternalPosition({ symbol: bp.symbol, qty: qtyText(bp.qty), costBasis: amountText(qty.isNegative() ? cost.neg() : cost) });
      report.importedPositions.push(bp.symbol);
      continue;
    }
    if (!local || !positionsAgree(local, bp)) report.differences.push(positionDifference(bp.symbol, local, bp.qty, bp.costBasis));
  }
  for (const [symbol, local] of host.positions()) {
    if (!seen.has(symbol) && !local.qty.isZero()) report.differences.push(positionDifference(symbol, local, '0', '0'));
  }
  host.rebuildPositions();
  report.ok = report.differences.length === 0;
  return { report, pendingSends };
}
