import { randomInt } from 'node:crypto';

/** A key pair the exchange accepts. */
export interface ExchangeKeyPair {
  keyId: string;
  secret: string;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = `${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz`;

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * A fresh demo key pair, shaped like Alpaca's paper keys (`PK` + 18 upper-case alphanumerics, a 40-character
 * secret) so clients that check the shape accept it. Made at run time on purpose: nothing key-like is ever
 * committed, and each exchange start has its own pair.
 */
export function generateKeyPair(): ExchangeKeyPair {
  return { keyId: `PK${randomString(UPPER_ALNUM, 18)}`, secret: randomString(ALNUM, 40) };
}
