import type { WebSocket } from 'ws';

interface ReceiverWithLimit {
  _maxPayload: number;
}

/**
 * Sets the largest frame ws will accept on one socket. ws only takes `maxPayload` per server, yet a socket needs a
 * small limit until it presents the token and the normal one after; ws's receiver checks its `_maxPayload` against
 * each frame's header, so a stranger's 1 MiB frame is refused (close 1009) before its bytes are buffered. The field
 * is ws's, not public: when it is missing (a future ws) this answers false and the host's own size check on each
 * message still refuses the frame, only after ws has buffered it.
 */
export function setFrameLimit(ws: WebSocket, bytes: number): boolean {
  const receiver = (ws as unknown as { _receiver?: Partial<ReceiverWithLimit> | null })._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') return false;
  receiver._maxPayload = bytes;
  return true;
}
