import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderJournal } from '../../../../src-main/kernel/orders/journal/order-journal.js';

describe('journal rows written in exponent notation by an older build', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('are rewritten as fixed-point at open, so the same execution cannot be stored twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-exp-'));
    dirs.push(dir);
    const file = join(dir, 'orders.sqlite');
    const old = OrderJournal.open(file);
    old.db.prepare(`INSERT INTO fills (execution_id, broker_order_id, client_order_id, symbol, side, qty, price, cum_qty, at, via)
      VALUES ('x1', 'b1', 'c1', 'SPY', 'buy', '9e-9', '512.1', '9e-9', 1, 'stream')`).run();
    old.db.prepare("INSERT INTO external_positions (symbol, qty, cost_basis) VALUES ('DUST', '-5e-8', '-2.5e-5')").run();
    old.close();

    const journal = OrderJournal.open(file);
    expect(journal.allFills()[0]).toMatchObject({ qty: '0.000000009', cumQty: '0.000000009', price: '512.1' });
    expect(journal.externalPositions()).toEqual([{ symbol: 'DUST', qty: '-0.00000005', costBasis: '-0.000025' }]);
    // The backfill's copy of the same execution (same order, same cumulative quantity) is recognised.
    const again = journal.insertFill({ executionId: 'activity:x1', brokerOrderId: 'b1', clientOrderId: 'c1', symbol: 'SPY', side: 'buy', qty: '0.000000009', price: '512.1', cumQty: '0.000000009', at: 1, via: 'backfill' });
    expect(again).toBe(false);
    expect(journal.db.prepare("SELECT count(*) AS n FROM fills WHERE cum_qty LIKE '%e%'").get()).toEqual({ n: 0 });
    journal.close();
  });
});
