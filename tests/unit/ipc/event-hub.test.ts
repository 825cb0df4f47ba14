import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../src-shared/ipc/wire.js';
import { EventHub } from '../../../src-main/ipc/event-hub.js';
import { Logger } from '../../../src-main/logging/logger.js';

describe('EventHub', () => {
  it('coalesces a real-time burst on a coalesced channel to about 20 batches a second per subscription', async () => {
    const hub = new EventHub(new Logger());
    const first: EventBatch[] = [];
    const second: EventBatch[] = [];
    const stopFirst = hub.subscribe('diagnostics.pulse', (b) => first.push(b));
    const stopSecond = hub.subscribe('diagnostics.pulse', (b) => second.push(b));
    const started = performance.now();
    let seq = 0;
    while (performance.now() - started < 1000) {
      for (let i = 0; i < 50; i++) hub.publish('diagnostics.pulse', { seq: seq++, sentAtMs: 0 });
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => setTimeout(r, 120));
    stopFirst();
    stopSecond();
    for (const batches of [first, second]) {
      expect(batches.flatMap((b) => b.items)).toHaveLength(seq);
      // One second of publishing plus the trailing flush: at most 20 windows and the final one.
      expect(batches.length).toBeLessThanOrEqual(22);
      expect(batches.length).toBeGreaterThanOrEqual(10);
    }
    expect(seq).toBeGreaterThan(5_000);
  });

  it('sends immediate channels one payload per batch, and drops payloads outside the contract', () => {
    const log = new Logger();
    const hub = new EventHub(log);
    const batches: EventBatch[] = [];
    hub.subscribe('diagnostics.pulseImmediate', (b) => batches.push(b));
    hub.publish('diagnostics.pulseImmediate', { seq: 1, sentAtMs: 1 });
    hub.publish('diagnostics.pulseImmediate', { seq: 2, sentAtMs: 2 });
    hub.publish('diagnostics.pulseImmediate', { seq: 'three', sentAtMs: 3 } as unknown as { seq: number; sentAtMs: number });
    expect(batches.map((b) => b.items)).toEqual([[{ seq: 1, sentAtMs: 1 }], [{ seq: 2, sentAtMs: 2 }]]);
    expect(log.recent(5).some((e) => e.message.includes('outside the contract'))).toBe(true);
  });

  it('refuses subscriptions to names outside the contract, and stops delivering after unsubscribe', () => {
    const hub = new EventHub(new Logger());
    expect(() => hub.subscribe('system.nope', () => {})).toThrow(/not an event channel/);
    const batches: EventBatch[] = [];
    const stop = hub.subscribe('diagnostics.pulseImmediate', (b) => batches.push(b));
    stop();
    hub.publish('diagnostics.pulseImmediate', { seq: 1, sentAtMs: 1 });
    expect(batches).toHaveLength(0);
    expect(hub.subscriberCount()).toBe(0);
  });
});
