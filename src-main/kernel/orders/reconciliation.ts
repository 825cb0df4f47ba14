import { Decimal } from 'decimal.js';
import type { EpochMs } from '../../../src-shared/time.js';

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
