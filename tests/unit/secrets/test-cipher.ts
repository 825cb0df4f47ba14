import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../../src-main/secrets/secret-cipher.js';

/**
 * A stand-in for Electron's safeStorage under plain Node (Electron is not installed here): real AES-256-GCM with
 * a per-instance key, reporting whichever backend name a test needs ('gnome_libsecret', 'basic_text', ...).
 */
export class AesTestCipher implements SecretCipher {
  private readonly key: Buffer;
  available = true;

  constructor(
    readonly backend: string,
    key: Buffer = randomBytes(32),
  ) {
    this.key = key;
  }

  isAvailable(): boolean {
    return this.available;
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  }
}
