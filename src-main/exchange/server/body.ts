import type { IncomingMessage } from 'node:http';

/** 1 MiB: far above any order or control payload, low enough that a stray upload cannot exhaust memory. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export type BodyResult = { kind: 'ok'; body: unknown } | { kind: 'malformed' } | { kind: 'too-large' };

/** Reads and parses a JSON request body. An empty body is `undefined` (GET, DELETE, bodyless POSTs). */
export async function readJsonBody(request: IncomingMessage, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep draining so the response can still be written on this connection, but stop buffering.
    if (size > limitBytes) tooLarge = true;
    else chunks.push(chunk);
  }
  if (tooLarge) return { kind: 'too-large' };
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim().length === 0) return { kind: 'ok', body: undefined };
  try {
    return { kind: 'ok', body: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'malformed' };
  }
}
