import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './url.js';

export type RedisClient = Redis;

const CONNECT_TIMEOUT_MS = 5_000;

/** Host, port, database, credentials and TLS as ioredis takes them; RESP2, which every Redis since 2.6 speaks. */
function baseOptions(target: RedisTarget): RedisOptions {
  const { host, port, db, username, password, tls } = target;
  return {
    host,
    port,
    db,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(tls
      ? {
          tls: {
            // A host name is checked against the certificate; an IP address against its subjectAltName IP entries.
            ...(isIP(host) === 0 ? { servername: tls.servername ?? host } : {}),
            ...(tls.ca ? { ca: tls.ca } : {}),
            rejectUnauthorized: tls.rejectUnauthorized ?? true,
          },
        }
      : {}),
    protocol: 2,
    // A host that drops packets (a firewall) would otherwise leave a connect waiting for minutes.
    connectTimeout: CONNECT_TIMEOUT_MS,
    keepAlive: 10_000,
    noDelay: true,
  };
}

/**
 * A client for our own keys (results, datasets, heartbeats, cancel flags). A command sent while the connection is
 * down fails at once instead of waiting in a queue: the producer decides from that whether the run can go on, and
 * a worker's job fails and is retried. With `reconnect`, the client comes back by itself after Redis restarts
 * (a worker's heartbeat carries on); without, its owner opens a new one and checks it is still the same server.
 */
export function commandClient(target: RedisTarget, reconnect: boolean): RedisClient {
  const client = new Redis({
    ...baseOptions(target),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: reconnect ? (times) => Math.min(500 * times, 2_000) : () => null,
  });
  // Errors surface as rejected commands; without a listener ioredis would also print each one.
  client.on('error', () => undefined);
  return client;
}

/**
 * BullMQ's connection: it queues commands while reconnecting and waits for blocking reads without a retry limit
 * (BullMQ requires maxRetriesPerRequest null). BullMQ never closes a connection it was handed, and closes the
 * duplicates it made itself (a worker's blocking connection), so the owner calls `disconnect()` after closing the
 * queue or worker.
 */
export function bullConnection(target: RedisTarget): RedisClient {
  const client = new Redis({
    ...baseOptions(target),
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(500 * times, 5_000),
  });
  client.on('error', () => undefined);
  return client;
}
