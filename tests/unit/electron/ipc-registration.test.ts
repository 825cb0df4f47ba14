import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../../src-shared/ipc/contract.js';
import { ELECTRON_CONTROL_CHANNELS } from '../../../src-shared/ipc/wire.js';
import { startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';

// Electron's binary is not needed to check what main registers: ipcMain is replaced by a recorder.
const registered = vi.hoisted(() => ({
  handle: new Map<string, (...args: unknown[]) => unknown>(),
  on: new Map<string, (...args: unknown[]) => unknown>(),
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => {
      if (registered.handle.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.handle.set(channel, fn);
    },
    removeHandler: (channel: string) => registered.handle.delete(channel),
    on: (channel: string, fn: (...args: unknown[]) => unknown) => registered.on.set(channel, fn),
    removeListener: (channel: string) => registered.on.delete(channel),
  },
}));

const { registerIpc } = await import('../../../src-main/electron/ipc-bridge.js');

function fakeEvent(url: string, attachedId: number, mainFrame = true) {
  const main = { processId: 1, routingId: 1 };
  return {
    sender: { id: attachedId, mainFrame: main },
    senderFrame: { url, parent: mainFrame ? null : {}, processId: 1, routingId: mainFrame ? 1 : 2 },
  };
}

describe('Electron IPC registration', () => {
  let test: TestWorkstation;
  beforeAll(async () => {
    test = await startTestWorkstation();
  });
  afterAll(() => test.dispose());

  it('registers every contract channel and nothing outside the contract and the fixed control channels', () => {
    const bridge = registerIpc(test.workstation);
    expect(new Set(registered.handle.keys())).toEqual(new Set(invokeChannels.keys()));
    expect(new Set(registered.on.keys())).toEqual(
      new Set([ELECTRON_CONTROL_CHANNELS.cancel, ELECTRON_CONTROL_CHANNELS.subscribe, ELECTRON_CONTROL_CHANNELS.unsubscribe]),
    );
    bridge.dispose();
    expect(registered.handle.size).toBe(0);
    expect(registered.on.size).toBe(0);
  });

  it('answers an attached app window, and refuses foreign pages, sub-frames and unattached senders', async () => {
    const bridge = registerIpc(test.workstation);
    const listeners = new Map<string, () => void>();
    const contents = {
      id: 5,
      isDestroyed: () => false,
      send: () => {},
      once: (name: string, fn: () => void) => listeners.set(name, fn),
      on: (name: string, fn: () => void) => listeners.set(name, fn),
    };
    bridge.attach(contents as never);
    const info = registered.handle.get('system.info')!;
    expect(await info(fakeEvent('app://workstation/index.html', 5), 1, {})).toMatchObject({ ok: true });
    expect(await info(fakeEvent('https://evil.example/', 5), 2, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await info(fakeEvent('app://workstation/index.html', 5, false), 3, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await info(fakeEvent('app://workstation/index.html', 99), 4, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await info(fakeEvent('app://workstation/index.html', 5), 'x', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await registered.handle.get('system.recentLogs')!(fakeEvent('app://workstation/', 5), 6, { limit: 'all' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    bridge.dispose();
  });
});
