import type { SharedSlot } from './inference-protocol.js';

/**
 * The client's pool of shared input/output buffers (see SharedSlot): one per batch in flight, taken for a predict
 * and given back when its reply arrives. A slot too small for a batch is replaced by a larger one under the same
 * number (capacities grow by powers of two), so a steady stream of same-sized batches settles on one slot each.
 * One pool per worker: a restarted worker knows none of the old one's slots.
 */
export class SharedSlots {
  private readonly free: SharedSlot[] = [];
  private count = 0;

  /**
   * A slot holding at least `inputs` input values and `outputs` output values (float32), and whether the worker
   * has not seen it yet (it must be sent to the worker before the predict that uses it).
   */
  take(inputs: number, outputs: number): { slot: SharedSlot; fresh: boolean } {
    const fits = (s: SharedSlot) => s.input.byteLength >= inputs * 4 && s.output.byteLength >= outputs * 4;
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const s = this.free[i]!;
      if (fits(s) && (best < 0 || s.input.byteLength < this.free[best]!.input.byteLength)) best = i;
    }
    if (best >= 0) return { slot: this.free.splice(best, 1)[0]!, fresh: false };
    // none fits: grow a free one (its number is reused, the worker replaces its views), else open a new one
    const old = this.free.pop();
    const slot = { slot: old?.slot ?? this.count++, input: new SharedArrayBuffer(capacity(inputs, old?.input)), output: new SharedArrayBuffer(capacity(outputs, old?.output)) };
    return { slot, fresh: true };
  }

  give(slot: SharedSlot): void {
    this.free.push(slot);
  }
}

function capacity(values: number, old: SharedArrayBuffer | undefined): number {
  let bytes = Math.max(64, old?.byteLength ?? 0);
  while (bytes < values * 4) bytes *= 2;
  return bytes;
}
