import { z } from 'zod';
import type { Envelope } from './errors.js';

/**
 * Messages that carry the contract over a byte stream (the headless host's WebSocket). The Electron transport
 * carries the same shapes over Electron IPC. Client messages are validated in main with these schemas.
 */
const callId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const channelName = z.string().min(1).max(128);

export const clientMessage = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('auth'), token: z.string().min(1).max(512) }),
  z.strictObject({ t: z.literal('invoke'), id: callId, ch: channelName, req: z.unknown() }),
  z.strictObject({ t: z.literal('cancel'), id: callId }),
  z.strictObject({ t: z.literal('sub'), ch: channelName }),
  z.strictObject({ t: z.literal('unsub'), ch: channelName }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** A batch of one event channel's payloads; `sentAtMs` is main's high-resolution epoch at send time. */
export interface EventBatch {
  ch: string;
  items: unknown[];
  sentAtMs: number;
}

export type ServerMessage =
  | { t: 'auth'; ok: true }
  | { t: 'auth'; ok: false; error: { code: string; message: string } }
  | { t: 'result'; id: number; env: Envelope<unknown> }
  | ({ t: 'event' } & EventBatch)
  | { t: 'error'; error: { code: string; message: string } };

/** Close codes the host uses, so the client can tell the user why. */
export const WS_CLOSE = {
  authFailed: 4401,
  authTimeout: 4408,
  protocolError: 4400,
  shuttingDown: 4503,
  /** The GUI stopped reading (or fell too far behind): events were dropped; reconnecting reloads its state. */
  slowReader: 4429,
  /** A frame over the size limit (the limit before authentication is small); WebSocket's own code. */
  tooBig: 1009,
} as const;

/** Fixed Electron IPC channels of the transport itself (not services): cancellation and subscriptions. */
export const ELECTRON_CONTROL_CHANNELS = {
  cancel: 'ipc:cancel',
  subscribe: 'ipc:subscribe',
  unsubscribe: 'ipc:unsubscribe',
  event: 'ipc:event',
} as const;

/** The name under which the preload exposes its bridge on `window`. */
export const BRIDGE_GLOBAL = 'workstationBridge';

/** What the preload exposes: nothing but the contract's channels, checked on both sides. */
export interface BridgeApi {
  invoke(channel: string, callId: number, request: unknown): Promise<Envelope<unknown>>;
  cancel(callId: number): void;
  subscribe(channel: string, listener: (batch: EventBatch) => void): () => void;
}
