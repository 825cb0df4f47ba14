import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../../../src-shared/domain/order-record.js';
import { OrderJournal } from '../../../../src-main/kernel/orders/journal/order-journal.js';

const record = (id: string): OrderRecord => ({
  clientOrderId: id,
  brokerOrderId: null,
  source: 'bot:x',
  intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1', extendedHours: false, orderClass: 'simple' },
  status: 'journaled',
  filledQty: '0',
  filledAvgPrice: null,
  brokerUpdatedAt: null,
  createdAt: 1,
  updatedAt: 1,
  external: false,
  rejectCode: null,
  rejectMessage: null,
  replacesClientOrderId: null,
  parentClientOrderId: null,
});

describe('order journal group commit and relaxed writes (a real SQLite file)', () => {
  let dir: string;
  let file: string;
  let journal: OrderJournal;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-group-'));
    file = join(dir, 'orders.sqlite');
    journal = OrderJournal.open(file);
  });
  afterEach(() => {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('intents written in one turn share one FULL commit, resolved only after it; the connection stays FULL', async () => {
    const durable = ['a', 'b', 'c'].map((id) => journal.insertOrderGrouped(record(id)));
    // Written at once (readable), but not yet acknowledged: the commit runs after this turn.
    expect(journal.getOrder('b')?.status).toBe('journaled');
    expect(journal.getState('group-commit')).toBeUndefined();
    await Promise.all(durable);
    expect(journal.getState('group-commit')).toBe('3');
    expect(journal.db.pragma('synchronous', { simple: true })).toBe(2);
    await journal.insertOrderGrouped(record('d'));
    expect(journal.getState('group-commit')).toBe('1');
  });

  it('a duplicate intent throws at once, and relaxed writes leave the connection FULL, in a transaction too', () => {
    void journal.insertOrderGrouped(record('a')).catch(() => undefined);
    expect(() => journal.insertOrderGrouped(record('a'))).toThrow(/UNIQUE|PRIMARY/);
    journal.updateOrder({ ...record('a'), status: 'new' });
    journal.appendEvent('a', 2, 'test', { n: 1 });
    expect(journal.db.pragma('synchronous', { simple: true })).toBe(2);
    journal.db.transaction(() => journal.updateOrder({ ...record('a'), status: 'filled' }))();
    expect(journal.getOrder('a')?.status).toBe('filled');
    expect(journal.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('what was written survives closing and reopening the file', async () => {
    await journal.insertOrderGrouped(record('kept'));
    journal.updateOrder({ ...record('kept'), status: 'accepted' });
    journal.close();
    journal = OrderJournal.open(file);
    expect(journal.getOrder('kept')?.status).toBe('accepted');
  });
});
