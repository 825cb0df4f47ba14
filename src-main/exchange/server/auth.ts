import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Alpaca's REST auth headers (node lower-cases header names). */
export const KEY_ID_HEADER = 'apca-api-key-id';
export const SECRET_HEADER = 'apca-api-secret-key';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares two secrets in constant time. Hashing first gives equal-length inputs to timingSafeEqual, so
 * neither the content nor the length of the configured secret leaks through response timing.
 */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The configured key pairs (keyId -> secret). */
export class KeyStore {
  constructor(private readonly keys: ReadonlyMap<string, string>) {}

  /** The key id when the pair is valid, else undefined. Unknown ids still pay one comparison. */
  verify(keyId: string | undefined, secret: string | undefined): string | undefined {
    if (!keyId || !secret) return undefined;
    const expected = this.keys.get(keyId);
    const ok = secretsEqual(secret, expected ?? '\u0000no-such-key');
    return ok && expected !== undefined ? keyId : undefined;
  }

  verifyHeaders(headers: IncomingHttpHeaders): string | undefined {
    return this.verify(single(headers[KEY_ID_HEADER]), single(headers[SECRET_HEADER]));
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
