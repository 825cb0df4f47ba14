import { CodedError } from '../../../src-shared/ipc/errors.js';
import { commandClient, type RedisClient } from './client.js';
import type { QueueAddress } from './url.js';

/**
 * A connected client for our own keys, with an error a trader can act on when Redis cannot be reached or refuses
 * the credentials. `reconnect`: whether it comes back by itself after the connection drops (see commandClient).
 */
export async function connectRedis(address: QueueAddress, reconnect = false): Promise<RedisClient> {
  const { host, port } = address.target;
  const client = commandClient(address.target, reconnect);
  // ioredis rejects connect() with "Connection is closed."; the reason is the last error it emitted.
  let cause: Error | undefined;
  const remember = (error: Error): void => {
    cause ??= error;
  };
  client.on('error', remember);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const reason = cause ?? (error instanceof Error ? error : new Error(String(error)));
    const refused = /WRONGPASS|NOAUTH|invalid password|invalid username/i.test(reason.message);
    const what = refused ? `Redis at ${host}:${port} refused the credentials (${reason.message})` : `cannot reach Redis at ${host}:${port} (${reason.message})`;
    throw new CodedError('UNAVAILABLE', `cannot use the queue at ${address.display}: ${what}`);
  } finally {
    client.off('error', remember);
  }
  return client;
}

/** Every key matching `pattern` (SCAN, so a big database is never blocked by KEYS). */
export async function scanKeys(client: RedisClient, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    for (const key of found) out.push(key);
  } while (cursor !== '0');
  return out;
}

/** The server's run_id: a new one means Redis restarted (and, without persistence, lost every job and result). */
export async function serverRunId(client: RedisClient): Promise<string> {
  const info = await client.info('server');
  return /run_id:([0-9a-f]+)/.exec(info)?.[1] ?? '';
}
