import { CodedError } from '../../../src-shared/ipc/errors.js';
import { RespClient, type RespReply } from './resp-client.js';
import type { QueueAddress } from './url.js';

/** A connected client for our own keys, with an error a trader can act on when Redis cannot be reached. */
export async function connectRedis(address: QueueAddress): Promise<RespClient> {
  const client = new RespClient(address.target);
  try {
    await client.connect();
  } catch (error) {
    throw new CodedError('UNAVAILABLE', `cannot use the queue at ${address.display}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return client;
}

export function asString(reply: RespReply): string | null {
  return typeof reply === 'string' ? reply : reply === null ? null : String(reply);
}

export function asStrings(reply: RespReply): Array<string | null> {
  return Array.isArray(reply) ? reply.map((r) => (typeof r === 'string' ? r : r === null ? null : String(r))) : [];
}

/** A flat [field, value, ...] reply as an object. */
export function asHash(reply: RespReply): Record<string, string> {
  const out: Record<string, string> = {};
  const flat = asStrings(reply);
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1] ?? '';
  return out;
}

/** Every key matching `pattern` (SCAN, so a big database is never blocked by KEYS). */
export async function scanKeys(client: RespClient, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const reply = await client.send('SCAN', [cursor, 'MATCH', pattern, 'COUNT', '500']);
    if (!Array.isArray(reply)) break;
    cursor = String(reply[0]);
    for (const k of asStrings(reply[1] ?? [])) if (k !== null) out.push(k);
  } while (cursor !== '0');
  return out;
}

/** The server's run_id: a new one means Redis restarted (and, without persistence, lost every job and result). */
export async function serverRunId(client: RespClient): Promise<string> {
  const info = asString(await client.send('INFO', ['server'])) ?? '';
  return /run_id:([0-9a-f]+)/.exec(info)?.[1] ?? '';
}
