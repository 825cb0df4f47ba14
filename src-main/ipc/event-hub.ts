import { COALESCE_MAX_BATCHES_PER_SECOND, eventChannels, type EventChannel, type PayloadOf } from '../../src-shared/ipc/contract.js';
import type { EventBatch } from '../../src-shared/ipc/wire.js';
import type { Logger } from '../logging/logger.js';
import { describeIssues } from './router.js';
import { Coalescer } from './coalescer.js';

export type BatchSink = (batch: EventBatch) => void;

interface Subscription {
  channel: string;
  sink: BatchSink;
  coalescer: Coalescer<unknown> | undefined;
}

/** High-resolution wall time in epoch milliseconds, comparable across processes on one machine. */
export function preciseEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Main's side of contract events: services publish payloads, each subscribed GUI gets batches. A payload is
 * validated against the contract once, at publish, so a service bug cannot push malformed data to the GUI.
 */
export class EventHub {
  private readonly byChannel = new Map<string, Set<Subscription>>();

  constructor(
    private readonly log: Logger,
    private readonly options: { validate?: boolean } = {},
  ) {}

  publish<C extends EventChannel>(channel: C, payload: PayloadOf<C>): void {
    const subscriptions = this.byChannel.get(channel);
    if (!subscriptions || subscriptions.size === 0) return;
    if (this.options.validate !== false) {
      const spec = eventChannels.get(channel);
      const checked = spec?.spec.payload.safeParse(payload);
      if (!checked?.success) {
        this.log.error('ipc', 'dropped an event outside the contract', {
          channel,
          issues: checked ? describeIssues(checked.error) : 'unknown channel',
        });
        return;
      }
    }
    for (const subscription of subscriptions) {
      if (subscription.coalescer) subscription.coalescer.push(payload);
      else subscription.sink({ ch: channel, items: [payload], sentAtMs: preciseEpochMs() });
    }
  }

  /** Whether anyone listens; lets a publisher skip building payloads nobody will see. */
  hasSubscribers(channel: EventChannel): boolean {
    return (this.byChannel.get(channel)?.size ?? 0) > 0;
  }

  subscribe(channel: string, sink: BatchSink): () => void {
    const entry = eventChannels.get(channel);
    if (!entry) throw new Error(`"${channel}" is not an event channel of the contract`);
    const subscription: Subscription = {
      channel,
      sink,
      coalescer:
        entry.spec.delivery === 'coalesced'
          ? new Coalescer<unknown>((items) => sink({ ch: channel, items, sentAtMs: preciseEpochMs() }), {
              maxBatchesPerSecond: COALESCE_MAX_BATCHES_PER_SECOND,
            })
          : undefined,
    };
    let set = this.byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
    }
    set.add(subscription);
    return () => {
      subscription.coalescer?.dispose();
      this.byChannel.get(channel)?.delete(subscription);
    };
  }

  subscriberCount(): number {
    let count = 0;
    for (const set of this.byChannel.values()) count += set.size;
    return count;
  }
}
