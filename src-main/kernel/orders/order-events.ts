import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { RiskState } from '../risk/risk-types.js';
import type { ReconciliationReport } from './reconciliation.js';

/** What the order manager tells the rest of main (IPC events, tray, bots). */
export interface OrderManagerEvents {
  order: OrderRecord;
  fill: FillRecord;
  alert: { code: string; message: string; source: string; at: number };
  risk: { state: RiskState; reason: string };
  reconciliation: ReconciliationReport;
  stream: { ready: boolean; reason: string };
  /** The kill switch tripped: every algo and bot stops at once. */
  kill: { reason: string; flatten: boolean };
}

export type OrderEventName = keyof OrderManagerEvents;

export class OrderEventBus {
  private readonly listeners = new Map<OrderEventName, Set<(payload: never) => void>>();

  on<K extends OrderEventName>(name: K, listener: (payload: OrderManagerEvents[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends OrderEventName>(name: K, payload: OrderManagerEvents[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        (listener as (payload: OrderManagerEvents[K]) => void)(payload);
      } catch {
        // A failing listener must not break the order path.
      }
    }
  }
}

/** The logger shape the kernel needs (src-main/logging/logger.ts fits it). */
export interface OrderLog {
  info(source: string, message: string, fields?: Record<string, unknown>): void;
  warn(source: string, message: string, fields?: Record<string, unknown>): void;
  error(source: string, message: string, fields?: Record<string, unknown>): void;
}
