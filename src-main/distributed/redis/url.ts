import { readFileSync } from 'node:fs';
import { CodedError } from '../../../src-shared/ipc/errors.js';

export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: { servername?: string; ca?: string; rejectUnauthorized?: boolean };
}

export interface QueueAddress {
  target: RedisTarget;
  /** The BullMQ queue's name (`?queue=NAME`, default `workstation`). */
  queue: string;
  /** The URL with any password replaced by `***`: safe to print, log and show in the GUI. */
  display: string;
}

/**
 * `redis://[user:password@]HOST:PORT/DB[?queue=NAME]`, or `rediss://` for TLS. The password may instead come from
 * WORKSTATION_REDIS_PASSWORD (kept out of shell history and process lists); a CA bundle for a private TLS
 * certificate from WORKSTATION_REDIS_CA (a PEM file).
 */
export function parseQueueUrl(url: string, env: NodeJS.ProcessEnv = process.env): QueueAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CodedError('BAD_REQUEST', `--queue must be a URL like redis://127.0.0.1:6379/0, got "${redact(url)}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new CodedError('BAD_REQUEST', `--queue must start with redis:// or rediss:// (TLS), got "${parsed.protocol}//"`);
  const db = parsed.pathname === '' || parsed.pathname === '/' ? 0 : Number(parsed.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0 || db > 15) throw new CodedError('BAD_REQUEST', `the Redis database in --queue must be 0-15, got "${parsed.pathname.slice(1)}"`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new CodedError('BAD_REQUEST', '--queue needs a host, e.g. redis://127.0.0.1:6379/0');
  const password = parsed.password !== '' ? decodeURIComponent(parsed.password) : env.WORKSTATION_REDIS_PASSWORD;
  const username = parsed.username !== '' ? decodeURIComponent(parsed.username) : undefined;
  const queue = parsed.searchParams.get('queue') ?? 'workstation';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(queue)) throw new CodedError('BAD_REQUEST', `the queue name must be 1-64 letters, digits, - or _, got "${queue}"`);
  let tls: RedisTarget['tls'];
  if (parsed.protocol === 'rediss:') {
    tls = {};
    if (env.WORKSTATION_REDIS_CA) {
      try {
        tls.ca = readFileSync(env.WORKSTATION_REDIS_CA, 'utf8');
      } catch (error) {
        throw new CodedError('BAD_REQUEST', `cannot read the CA file in WORKSTATION_REDIS_CA (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
  }
  return {
    target: { host, port, db, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}), ...(tls ? { tls } : {}) },
    queue,
    display: redact(url),
  };
}

/** The URL with its password (if any) replaced by `***`. */
export function redact(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** True when the URL itself carries a password (the GUI refuses those: the renderer holds no secret). */
export function urlHasPassword(url: string): boolean {
  return /^rediss?:\/\/[^/@]*:[^@/]+@/.test(url);
}
