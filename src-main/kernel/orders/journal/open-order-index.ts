import type { OrderRecord } from '../../../../src-shared/domain/order-record.js';
import { isTerminal } from '../../../../src-shared/domain/order-status.js';

interface Entry {
  record: OrderRecord;
  /** The row's SQLite rowid: the journal lists open orders by (created_at, rowid). */
  rowId: number;
}

/**
 * The journal's open orders held in memory, so the risk path (every bot's order check lists them) reads them without a
 * query and a JSON parse per row. It follows the journal's own writes only: the journal is the file's one writer
 * while the app runs. Records are handed out as copies, so a caller's change never reaches the index.
 */
export class OpenOrderIndex {
  private readonly entries = new Map<string, Entry>();
  private sorted: Entry[] | undefined;

  constructor(rows: ReadonlyArray<{ record: OrderRecord; rowId: number }>) {
    for (const row of rows) this.apply(row.record, row.rowId);
  }

  /** One order's row as written: kept while open, dropped once terminal. */
  apply(record: OrderRecord, rowId: number): void {
    this.sorted = undefined;
    if (isTerminal(record.status)) this.entries.delete(record.clientOrderId);
    else this.entries.set(record.clientOrderId, { record, rowId });
  }

  get(clientOrderId: string): OrderRecord | undefined {
    const entry = this.entries.get(clientOrderId);
    return entry ? copy(entry.record) : undefined;
  }

  /** The row the journal holds for an open order (for an update that leaves fields it does not write). */
  entry(clientOrderId: string): { record: OrderRecord; rowId: number } | undefined {
    return this.entries.get(clientOrderId);
  }

  /** Oldest first, as the journal's query orders them. */
  list(): OrderRecord[] {
    this.sorted ??= [...this.entries.values()].sort((a, b) => a.record.createdAt - b.record.createdAt || a.rowId - b.rowId);
    return this.sorted.map((entry) => copy(entry.record));
  }
}

function copy(record: OrderRecord): OrderRecord {
  return { ...record, intent: { ...record.intent } };
}
