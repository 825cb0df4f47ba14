import { decode, encode } from '@msgpack/msgpack';

/**
 * Results travel as MessagePack in base64: every float64 arrives with the same bits (JSON would turn Infinity and
 * NaN into null, and a profit factor of Infinity would then rank last instead of first).
 */
export function encodeResult(value: unknown): string {
  return Buffer.from(encode(value, { ignoreUndefined: true })).toString('base64');
}

export function decodeResult(text: string): unknown {
  return decode(Buffer.from(text, 'base64'));
}
