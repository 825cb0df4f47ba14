import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { invokeChannels } from '../../src-shared/ipc/contract.js';
import type { Envelope } from '../../src-shared/ipc/errors.js';
import { ELECTRON_CONTROL_CHANNELS, type EventBatch } from '../../src-shared/ipc/wire.js';
import { GuiSession } from '../ipc/session.js';
import type { Workstation } from '../services/workstation.js';
import { isCallId, isTrustedSender } from './sender-check.js';

/**
 * Carries the contract over Electron IPC: one loop registers every invoke channel, plus the transport's fixed
 * control channels. Each attached window has its own GuiSession; every message is checked first: it must come
 * from the main frame of an attached window whose URL is on the app origin.
 */
export interface IpcBridge {
  attach(contents: WebContents): void;
  dispose(): void;
}

type SenderEvent = IpcMainEvent | IpcMainInvokeEvent;

export function registerIpc(workstation: Workstation): IpcBridge {
  const sessions = new Map<number, GuiSession>();
  const log = workstation.log;

  function trustedSession(event: SenderEvent, what: string): GuiSession | undefined {
    const contents = event.sender;
    let url = '';
    let isMainFrame = false;
    try {
      const frame = event.senderFrame;
      const main = contents.mainFrame;
      if (frame) {
        url = frame.url;
        isMainFrame =
          frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId;
      }
    } catch {
      // A frame that went away while the message was in flight is not trusted.
    }
    const session = sessions.get(contents.id);
    if (session && isTrustedSender(url, isMainFrame)) return session;
    log.warn('electron', 'refused IPC from an untrusted sender', {
      what,
      url: url.slice(0, 200),
      isMainFrame,
      attached: session !== undefined,
    });
    return undefined;
  }

  const forbidden = (channel: string): Envelope<unknown> => ({
    ok: false,
    error: { code: 'FORBIDDEN', message: `${channel} may only be called by the workstation window` },
  });

  // One loop over the contract: the router validates the request and runs the handler.
  for (const channel of invokeChannels.keys()) {
    ipcMain.handle(channel, async (event, callId: unknown, request: unknown): Promise<Envelope<unknown>> => {
      const session = trustedSession(event, channel);
      if (!session) return forbidden(channel);
      if (!isCallId(callId)) {
        return { ok: false, error: { code: 'BAD_REQUEST', message: 'the call id must be a non-negative integer' } };
      }
      return session.invoke(callId, channel, request);
    });
  }

  const onCancel = (event: IpcMainEvent, callId: unknown): void => {
    const session = trustedSession(event, ELECTRON_CONTROL_CHANNELS.cancel);
    if (session && isCallId(callId)) session.cancel(callId);
  };
  const onSubscribe = (event: IpcMainEvent, channel: unknown): void => {
    const session = trustedSession(event, ELECTRON_CONTROL_CHANNELS.subscribe);
    if (!session) return;
    const result = session.subscribe(channel);
    if (!result.ok) log.warn('electron', 'refused a subscription', { error: result.error.message });
  };
  const onUnsubscribe = (event: IpcMainEvent, channel: unknown): void => {
    trustedSession(event, ELECTRON_CONTROL_CHANNELS.unsubscribe)?.unsubscribe(channel);
  };
  ipcMain.on(ELECTRON_CONTROL_CHANNELS.cancel, onCancel);
  ipcMain.on(ELECTRON_CONTROL_CHANNELS.subscribe, onSubscribe);
  ipcMain.on(ELECTRON_CONTROL_CHANNELS.unsubscribe, onUnsubscribe);

  return {
    attach(contents: WebContents): void {
      if (sessions.has(contents.id)) return;
      const id = contents.id;
      const sink = (batch: EventBatch): void => {
        if (!contents.isDestroyed()) contents.send(ELECTRON_CONTROL_CHANNELS.event, batch);
      };
      sessions.set(id, new GuiSession(workstation.router, workstation.hub, `electron:${id}`, sink));
      contents.once('destroyed', () => {
        sessions.get(id)?.close();
        sessions.delete(id);
      });
      // A reload or crash starts a fresh renderer: its old subscriptions and calls must not linger.
      contents.on('render-process-gone', () => sessions.get(id)?.close());
      contents.on('did-start-navigation', (details) => {
        if (!details.isMainFrame || details.isSameDocument) return;
        const old = sessions.get(id);
        if (!old) return;
        old.close();
        sessions.set(id, new GuiSession(workstation.router, workstation.hub, `electron:${id}`, sink));
      });
    },
    dispose(): void {
      for (const channel of invokeChannels.keys()) ipcMain.removeHandler(channel);
      ipcMain.removeListener(ELECTRON_CONTROL_CHANNELS.cancel, onCancel);
      ipcMain.removeListener(ELECTRON_CONTROL_CHANNELS.subscribe, onSubscribe);
      ipcMain.removeListener(ELECTRON_CONTROL_CHANNELS.unsubscribe, onUnsubscribe);
      for (const session of sessions.values()) session.close();
      sessions.clear();
    },
  };
}
