import type { RawData, WebSocket } from 'ws';
import { clientMessage, WS_CLOSE, type ServerMessage } from '../../src-shared/ipc/wire.js';
import { describeIssues } from '../ipc/router.js';
import { GuiSession } from '../ipc/session.js';
import type { Workstation } from '../services/workstation.js';
import { setFrameLimit } from './frame-limit.js';
import type { HostLimits } from './limits.js';
import { Outbound } from './outbound.js';
import type { RefusalLog } from './refusal-log.js';

/**
 * A refused stranger that does not answer the close handshake would hold its place under the cap on unauthenticated
 * sockets for ws's 30 s close timeout; it is cut off after this instead (a real GUI answers within milliseconds).
 */
const STRANGER_CLOSE_MS = 1_000;

export interface ConnectionDeps {
  workstation: Workstation;
  limits: HostLimits;
  refusals: RefusalLog;
  tokenMatches: (token: string) => boolean;
  authTimeoutMs: number;
}

/**
 * The host's WebSockets after the handshake: the token first (small frames, few messages, nothing parsed beyond the
 * auth message), then the contract through a GuiSession, with each connection's sends bounded by an Outbound.
 */
export class HostConnections {
  readonly open = new Set<WebSocket>();
  private unauthenticated = 0;

  constructor(private readonly deps: ConnectionDeps) {}

  /** Whether another socket may be taken now (checked before the handshake). */
  full(): boolean {
    return this.open.size >= this.deps.limits.maxConnections || this.unauthenticated >= this.deps.limits.maxUnauthenticated;
  }

  counts(): { open: number; unauthenticated: number } {
    return { open: this.open.size, unauthenticated: this.unauthenticated };
  }

  bufferedBytes(): number {
    let total = 0;
    for (const ws of this.open) total += ws.bufferedAmount;
    return total;
  }

  accept(ws: WebSocket, peer: string): void {
    const { workstation, limits, refusals, tokenMatches, authTimeoutMs } = this.deps;
    const log = workstation.log;
    const open = this.open;
    // The socket leaves the unauthenticated count once: when it authenticates, or when it closes without having done so.
    const leaveUnauthenticated = (): void => {
      this.unauthenticated -= 1;
    };
    let authenticated = false;
    let closing = false;
    let messagesBeforeAuth = 0;
    const drop = (code: number, reason: string, terminateAfterMs?: number): void => {
      if (closing) return;
      closing = true;
      ws.close(code, reason);
      // A peer that does not read never receives the close frame either; its buffers go when the socket does.
      if (terminateAfterMs !== undefined) setTimeout(() => ws.terminate(), terminateAfterMs).unref();
    };
    const outbound = new Outbound(ws, {
      limits,
      onOverflow: (reason) => {
        log.warn('host', 'closed a GUI connection that fell behind reading', { peer, reason });
        drop(WS_CLOSE.slowReader, 'the GUI fell behind reading; reconnect to reload', 1_000);
      },
    });
    const reply = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) outbound.reply(JSON.stringify(message));
    };
    const session = new GuiSession(workstation.router, workstation.hub, peer, (batch) => {
      if (ws.readyState === ws.OPEN) outbound.event(JSON.stringify({ t: 'event', ...batch } satisfies ServerMessage));
    });
    open.add(ws);
    this.unauthenticated += 1;
    setFrameLimit(ws, limits.preAuthFrameBytes);
    const authTimer = setTimeout(() => {
      if (authenticated) return;
      refusals.refuse('auth-timeout', peer);
      drop(WS_CLOSE.authTimeout, 'authentication timed out', STRANGER_CLOSE_MS);
    }, authTimeoutMs);

    /**
     * Before the token: only small frames, and nothing but the auth message is looked at, so a stranger's frames
     * cost main no parsing or validation beyond a few kilobytes each.
     */
    function beforeAuth(data: RawData, isBinary: boolean): void {
      const bytes = byteLength(data);
      if (bytes > limits.preAuthFrameBytes) {
        refusals.refuse('frame-too-big', peer, { bytes });
        return drop(WS_CLOSE.tooBig, 'frame too big before authentication', 0);
      }
      if (++messagesBeforeAuth > limits.preAuthMessages) {
        refusals.refuse('too-many-messages', peer);
        return drop(WS_CLOSE.protocolError, 'authenticate first', STRANGER_CLOSE_MS);
      }
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(rawText(data));
      } catch {
        return reply({ t: 'error', error: { code: 'BAD_REQUEST', message: 'messages must be JSON text' } });
      }
      const token = authTokenOf(raw);
      if (token === undefined) {
        const error = { code: 'UNAUTHENTICATED', message: 'authenticate with the host token first' } as const;
        const id = invokeIdOf(raw);
        return id === undefined ? reply({ t: 'error', error }) : reply({ t: 'result', id, env: { ok: false, error } });
      }
      if (tokenMatches(token)) {
        authenticated = true;
        leaveUnauthenticated();
        clearTimeout(authTimer);
        setFrameLimit(ws, limits.frameBytes);
        reply({ t: 'auth', ok: true });
        log.info('host', 'GUI connected', { peer });
        return;
      }
      refuseToken();
    }

    function refuseToken(): void {
      reply({ t: 'auth', ok: false, error: { code: 'UNAUTHENTICATED', message: 'the token is not valid for this host' } });
      refusals.refuse('auth-failed', peer);
      drop(WS_CLOSE.authFailed, 'authentication failed', authenticated ? undefined : STRANGER_CLOSE_MS);
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (closing) return;
      if (!authenticated) return beforeAuth(data, isBinary);
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(rawText(data));
      } catch {
        return reply({ t: 'error', error: { code: 'BAD_REQUEST', message: 'messages must be JSON text' } });
      }
      const parsed = clientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = invokeIdOf(raw);
        const error = { code: 'BAD_REQUEST', message: `malformed message: ${describeIssues(parsed.error)}` } as const;
        return id === undefined ? reply({ t: 'error', error }) : reply({ t: 'result', id, env: { ok: false, error } });
      }
      const message = parsed.data;
      switch (message.t) {
        case 'auth':
          if (tokenMatches(message.token)) reply({ t: 'auth', ok: true });
          else refuseToken();
          return;
        case 'invoke':
          // A reply that cannot be written (a closed socket, a value JSON cannot hold) is logged, never left to reject.
          session
            .invoke(message.id, message.ch, message.req)
            .then((env) => reply({ t: 'result', id: message.id, env }))
            .catch((error: unknown) => log.error('host', 'a reply could not be sent', { peer, channel: String(message.ch).slice(0, 64), error: error instanceof Error ? error.message : String(error) }));
          return;
        case 'cancel':
          session.cancel(message.id);
          return;
        case 'sub': {
          const result = session.subscribe(message.ch);
          if (!result.ok) reply({ t: 'error', error: result.error });
          return;
        }
        case 'unsub':
          session.unsubscribe(message.ch);
          return;
      }
    });

    ws.on('close', () => {
      clearTimeout(authTimer);
      outbound.dispose();
      session.close();
      open.delete(ws);
      if (authenticated) log.info('host', 'GUI disconnected', { peer });
      else leaveUnauthenticated();
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws refuses an oversized frame from its header (see setFrameLimit) and starts a close handshake that a
      // stranger still sending would hold open for ws's 30 s; a stranger is cut off at once instead.
      if (!authenticated && error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        refusals.refuse('frame-too-big', peer);
        setTimeout(() => ws.terminate(), 0).unref();
      } else log.warn('host', 'WebSocket error', { peer, error: error.message });
    });
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/** The token of an auth message, read without the full message schema (the only message taken before it). */
function authTokenOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  return record.t === 'auth' && typeof record.token === 'string' && record.token.length > 0 ? record.token : undefined;
}

function invokeIdOf(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  return record.t === 'invoke' && Number.isSafeInteger(record.id) && (record.id as number) >= 0 ? (record.id as number) : undefined;
}
