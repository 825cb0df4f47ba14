import { describe, expect, it, vi } from 'vitest';
import { eventChannels, invokeChannels } from '../../../src-shared/ipc/contract.js';
import { ELECTRON_CONTROL_CHANNELS, type EventBatch } from '../../../src-shared/ipc/wire.js';
import { createBridgeApi, type BridgeIpc } from '../../../src-main/electron/bridge-api.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })),
    send: vi.fn(),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => listeners.get(channel)?.delete(listener)),
  } satisfies BridgeIpc;
  const emit = (channel: string, ...args: unknown[]): void => {
    for (const listener of listeners.get(channel) ?? []) listener({}, ...args);
  };
  return { ipc, listeners, emit };
}

const batch = (ch: string, items: unknown[] = [1]): EventBatch => ({ ch, items, sentAtMs: 1 });

describe('createBridgeApi', () => {
  it('exposes invoke, cancel and subscribe and nothing else', () => {
    const { ipc } = fakeIpc();
    const api = createBridgeApi(ipc);
    expect(Object.keys(api).sort()).toEqual(['cancel', 'invoke', 'subscribe']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.values(api)).not.toContain(ipc);
  });

  it('listens on exactly one channel: the event channel', () => {
    const { ipc } = fakeIpc();
    createBridgeApi(ipc);
    expect(ipc.on).toHaveBeenCalledTimes(1);
    expect(ipc.on.mock.calls[0]![0]).toBe(ELECTRON_CONTROL_CHANNELS.event);
  });

  it('forwards every contract invoke channel with its call id and request', async () => {
    const { ipc } = fakeIpc();
    const api = createBridgeApi(ipc);
    let callId = 1;
    for (const channel of invokeChannels.keys()) {
      const request = { probe: channel };
      const envelope = await api.invoke(channel, callId, request);
      expect(envelope).toEqual({ ok: true, value: { channel, args: [callId, request] } });
      expect(ipc.invoke).toHaveBeenLastCalledWith(channel, callId, request);
      callId++;
    }
    expect(ipc.invoke).toHaveBeenCalledTimes(invokeChannels.size);
  });

  it('refuses channels outside the contract without touching ipc', async () => {
    const { ipc } = fakeIpc();
    const api = createBridgeApi(ipc);
    for (const channel of [
      'system.nope',
      ELECTRON_CONTROL_CHANNELS.cancel,
      ELECTRON_CONTROL_CHANNELS.subscribe,
      ELECTRON_CONTROL_CHANNELS.event,
      'system.metrics', // an event channel is not an invoke channel
      '__proto__',
      'constructor',
      '',
      42 as unknown as string,
    ]) {
      const envelope = await api.invoke(channel, 1, {});
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(envelope.error.code).toBe('UNKNOWN_CHANNEL');
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('refuses bad call ids', async () => {
    const { ipc } = fakeIpc();
    const api = createBridgeApi(ipc);
    const envelope = await api.invoke('system.info', -1, {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    api.cancel(Number.NaN);
    api.cancel('1' as unknown as number);
    expect(ipc.invoke).not.toHaveBeenCalled();
    expect(ipc.send).not.toHaveBeenCalled();
  });

  it('turns a failed ipc.invoke into an error envelope', async () => {
    const { ipc } = fakeIpc();
    ipc.invoke.mockRejectedValueOnce(new Error('no handler'));
    const api = createBridgeApi(ipc);
    expect(await api.invoke('system.info', 1, {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('sends cancel on the control channel', () => {
    const { ipc } = fakeIpc();
    createBridgeApi(ipc).cancel(7);
    expect(ipc.send).toHaveBeenCalledWith(ELECTRON_CONTROL_CHANNELS.cancel, 7);
  });

  it('refuses subscriptions outside the contract', () => {
    const { ipc } = fakeIpc();
    const api = createBridgeApi(ipc);
    expect(() => api.subscribe('system.info', () => {})).toThrow(/not an event channel/);
    expect(() => api.subscribe('nope', () => {})).toThrow(/not an event channel/);
    expect(() => api.subscribe(ELECTRON_CONTROL_CHANNELS.event, () => {})).toThrow(/not an event channel/);
    expect(ipc.send).not.toHaveBeenCalled();
  });

  it('subscribes in main once per channel and unsubscribes with the last listener', () => {
    const { ipc } = fakeIpc();
    const api = createBridgeApi(ipc);
    const a = api.subscribe('system.log', () => {});
    const b = api.subscribe('system.log', () => {});
    expect(ipc.send.mock.calls).toEqual([[ELECTRON_CONTROL_CHANNELS.subscribe, 'system.log']]);
    a();
    a();
    expect(ipc.send).toHaveBeenCalledTimes(1);
    b();
    expect(ipc.send.mock.calls[1]).toEqual([ELECTRON_CONTROL_CHANNELS.unsubscribe, 'system.log']);
  });

  it('routes batches only to the listeners of their channel', () => {
    const { ipc, emit } = fakeIpc();
    const api = createBridgeApi(ipc);
    const [first, second] = [...eventChannels.keys()] as [string, string];
    const onFirst = vi.fn();
    const onSecond = vi.fn();
    api.subscribe(first, onFirst);
    const stopSecond = api.subscribe(second, onSecond);

    emit(ELECTRON_CONTROL_CHANNELS.event, batch(first, [1, 2]));
    expect(onFirst).toHaveBeenCalledWith(batch(first, [1, 2]));
    expect(onSecond).not.toHaveBeenCalled();

    emit(ELECTRON_CONTROL_CHANNELS.event, batch(second));
    expect(onSecond).toHaveBeenCalledTimes(1);
    expect(onFirst).toHaveBeenCalledTimes(1);

    stopSecond();
    emit(ELECTRON_CONTROL_CHANNELS.event, batch(second));
    expect(onSecond).toHaveBeenCalledTimes(1);

    // Malformed or unknown batches reach nobody.
    emit(ELECTRON_CONTROL_CHANNELS.event, { ch: first });
    emit(ELECTRON_CONTROL_CHANNELS.event, null);
    emit(ELECTRON_CONTROL_CHANNELS.event, batch('nope'));
    expect(onFirst).toHaveBeenCalledTimes(1);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { ipc, emit } = fakeIpc();
    const api = createBridgeApi(ipc);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    api.subscribe('system.log', () => {
      throw new Error('boom');
    });
    api.subscribe('system.log', good);
    emit(ELECTRON_CONTROL_CHANNELS.event, batch('system.log'));
    expect(good).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
