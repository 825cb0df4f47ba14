import type { Database } from 'better-sqlite3';
import { amountText, priceText, qtyText } from '../../../../src-shared/decimal-text.js';

/**
 * Rewrites decimal columns an older build stored with Decimal.toString() in exponent notation ("9e-9") as the
 * fixed-point text this build writes. Reading alone is not enough: a fill's (order, cumulative qty) pair is
 * unique as text, so "9e-9" and "0.000000009" would count the same execution twice. Idempotent and cheap (only
 * rows holding an 'e' are touched), so it runs at every open instead of as a numbered migration.
 */
const COLUMNS: ReadonlyArray<{ table: string; key: string; column: string; format: (text: string) => string }> = [
  { table: 'orders', key: 'client_order_id', column: 'filled_qty', format: qtyText },
  { table: 'orders', key: 'client_order_id', column: 'filled_avg_price', format: priceText },
  { table: 'fills', key: 'execution_id', column: 'qty', format: qtyText },
  { table: 'fills', key: 'execution_id', column: 'price', format: priceText },
  { table: 'fills', key: 'execution_id', column: 'cum_qty', format: qtyText },
  { table: 'external_positions', key: 'symbol', column: 'qty', format: qtyText },
  { table: 'external_positions', key: 'symbol', column: 'cost_basis', format: amountText },
];

/** Returns how many values were rewritten. */
export function repairExponentDecimals(db: Database): number {
  let repaired = 0;
  db.transaction(() => {
    for (const { table, key, column, format } of COLUMNS) {
      const rows = db.prepare(`SELECT ${key} AS k, ${column} AS v FROM ${table} WHERE ${column} LIKE '%e%'`).all() as Array<{ k: string; v: string }>;
      // OR IGNORE: where an older build already stored the same execution twice (once per spelling), the
      // duplicate keeps its old spelling; reads normalise it and the unique pair stops a third copy.
      const update = db.prepare(`UPDATE OR IGNORE ${table} SET ${column} = ? WHERE ${key} = ?`);
      for (const row of rows) {
        const text = format(row.v);
        if (text !== row.v) repaired += update.run(text, row.k).changes;
      }
    }
  })();
  return repaired;
}
