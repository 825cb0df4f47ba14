import { eventChannels, invokeChannels } from '../../src-shared/ipc/contract.js';
import type { Envelope } from '../../src-shared/ipc/errors.js';
import { ChannelListeners } from '../../src-shared/ipc/channel-listeners.js';
import { ELECTRON_CONTROL_CHANNELS, type BridgeApi, type EventBatch } from '../../src-shared/ipc/wire.js';
import { isCallId } from './sender-check.js';

/**
 * The bridge the preload exposes to the renderer, as a pure factory over the four ipcRenderer methods it
 * needs, so it is unit-tested with a fake. No electron import here: the preload passes the real ipcRenderer.
 *
 * It never hands out the ipc object or an open-ended send: invoke only for the contract's invoke channels,
 * subscribe only for its event channels, and cancel only with a numeric call id. Main checks all of it again.
 */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type BatchListener = (batch: EventBatch) => void;

function describe(value: unknown): string {
  return String(value).slice(0, 64);
}

function isBatch(value: unknown): value is EventBatch {
  if (typeof value !== 'object' || value === null) return false;
  const batch = value as Partial<EventBatch>;
  return typeof batch.ch === 'string' && Array.isArray(batch.items);
}

export function createBridgeApi(ipc: BridgeIpc): BridgeApi {
  const listeners = new ChannelListeners<BatchListener>(
    (channel) => ipc.send(ELECTRON_CONTROL_CHANNELS.subscribe, channel),
    (channel) => ipc.send(ELECTRON_CONTROL_CHANNELS.unsubscribe, channel),
  );

  // One listener for every event batch main sends; batches are routed by channel name only.
  ipc.on(ELECTRON_CONTROL_CHANNELS.event, (_event, batch) => {
    if (!isBatch(batch)) return;
    for (const listener of listeners.of(batch.ch)) {
      try {
        listener(batch);
      } catch (error) {
        // One failing listener must not starve the others of the batch.
        console.error(`listener for ${batch.ch} failed`, error);
      }
    }
  });

  async function invoke(channel: string, callId: number, request: unknown): Promise<Envelope<unknown>> {
    if (typeof channel !== 'string' || !invokeChannels.has(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `"${describe(channel)}" is not an invoke channel` } };
    }
    if (!isCallId(callId)) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: 'the call id must be a non-negative integer' } };
    }
    try {
      return (await ipc.invoke(channel, callId, request)) as Envelope<unknown>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'INTERNAL', message: `${channel} failed in transit: ${message}` } };
    }
  }

  function cancel(callId: number): void {
    if (isCallId(callId)) ipc.send(ELECTRON_CONTROL_CHANNELS.cancel, callId);
  }

  function subscribe(channel: string, listener: BatchListener): () => void {
    if (typeof channel !== 'string' || !eventChannels.has(channel)) {
      throw new Error(`"${describe(channel)}" is not an event channel`);
    }
    if (typeof listener !== 'function') throw new Error('subscribe needs a listener function');
    return listeners.add(channel, listener);
  }

  return Object.freeze({ invoke, cancel, subscribe });
}
