import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../../../src-main/history/history-db.js';
import { DAY_MS } from '../../../src-main/history/ticks/tick-columns.js';
import { TickStore } from '../../../src-main/history/ticks/tick-store.js';
import { TickRecorder } from '../../../src-main/market-data/tick-recorder.js';

const DAY0 = Date.UTC(2024, 2, 4);
const dirs: string[] = [];
const recorders: TickRecorder[] = [];
afterEach(() => {
  for (const r of recorders.splice(0)) r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setUp(maxRows = 1000) {
  const dir = mkdtempSync(join(tmpdir(), 'tick-recorder-'));
  dirs.push(dir);
  const store = new TickStore(openHistoryDatabase(join(dir, 'history.sqlite')));
  const held: string[] = [];
  const recorder = new TickRecorder({ store, flushEveryMs: 3_600_000, maxRows, hold: (s) => (held.push(s), () => held.splice(held.indexOf(s), 1)), onError: (m) => { throw new Error(m); } });
  recorders.push(recorder);
  return { store, recorder, held };
}
const chunks = (store: TickStore) => (store.db.prepare('SELECT COUNT(*) AS n FROM tick_chunks').get() as { n: number }).n;

describe('TickRecorder', () => {
  it('buffers only the symbols turned on and writes nothing until a flush or maxRows', () => {
    const { store, recorder, held } = setUp(50);
    recorder.set('spy', true);
    expect(held).toEqual(['SPY']);
    for (let i = 0; i < 49; i++) {
      recorder.quote({ symbol: 'SPY', t: DAY0 + i, bid: 10, ask: 10.01, bidSize: 1, askSize: 2 });
      recorder.quote({ symbol: 'QQQ', t: DAY0 + i, bid: 10, ask: 10.01, bidSize: 1, askSize: 2 });
    }
    expect(chunks(store)).toBe(0);
    recorder.trade({ symbol: 'SPY', t: DAY0 + 60, price: 10, size: 5 });
    // The 50th waiting tick flushed both kinds, one chunk each, in one go.
    expect(chunks(store)).toBe(2);
    expect(store.read('SPY', 'quotes').t.length).toBe(49);
    expect(store.read('QQQ', 'quotes').t.length).toBe(0);
    recorder.quote({ symbol: 'SPY', t: DAY0 + 70, bid: 10, ask: 10.01, bidSize: 1, askSize: 2 });
    // Turning a symbol off writes what it had waiting and releases the stream.
    expect(recorder.set('SPY', false)).toEqual([]);
    expect(held).toEqual([]);
    expect(store.read('SPY', 'quotes').t.length).toBe(50);
  });

  it('compacts the days before once a new UTC day starts', () => {
    const { store, recorder } = setUp();
    recorder.set('SPY', true);
    for (let s = 0; s < 5; s++) {
      recorder.quote({ symbol: 'SPY', t: DAY0 + s * 1000, bid: 10, ask: 10.01, bidSize: 1, askSize: 2 });
      recorder.flush(DAY0 + s * 1000 + 500);
    }
    expect(chunks(store)).toBe(5);
    recorder.quote({ symbol: 'SPY', t: DAY0 + DAY_MS, bid: 10, ask: 10.01, bidSize: 1, askSize: 2 });
    recorder.flush(DAY0 + DAY_MS + 500);
    expect(chunks(store)).toBe(2);
    expect(Array.from(store.read('SPY', 'quotes').t)).toEqual([0, 1000, 2000, 3000, 4000, DAY_MS].map((x) => DAY0 + x));
  });
});
