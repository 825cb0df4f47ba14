// Loaded into the host under test with `node --import` (the soak and bench/kill-switch set NODE_OPTIONS): stamps
// every order request the host writes to a socket, in the host's own clock, so "no order leaves after the trip"
// is measured where the order leaves, not where a loaded exchange process gets round to reading it.
// One line per request in $SOAK_POST_LOG: `<epoch ms> <POST|PATCH> <client_order_id or ->`.
import { appendFileSync } from 'node:fs';
import { Socket } from 'node:net';

const file = process.env.SOAK_POST_LOG;
if (file) {
  const write = Socket.prototype.write;
  Socket.prototype.write = function write_(chunk, ...rest) {
    try {
      const head =
        typeof chunk === 'string'
          ? chunk.slice(0, 4096)
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, 4096)).toString('latin1')
            : '';
      const method = head.startsWith('POST /v2/orders ') ? 'POST' : head.startsWith('PATCH /v2/orders/') ? 'PATCH' : undefined;
      if (method) {
        const id = /"client_order_id"\s*:\s*"([^"]+)"/.exec(head)?.[1] ?? '-';
        appendFileSync(file, `${Date.now()} ${method} ${id}\n`);
      }
    } catch {
      // Never let the stamp break the host's write.
    }
    return write.call(this, chunk, ...rest);
  };
}
