/**
 * Encryption tied to the user's OS login, as Electron's safeStorage provides it. Plain Node code sees only this
 * interface; the Electron implementation lives in src-main/electron/safe-storage-cipher.ts.
 */
export interface SecretCipher {
  /**
   * What protects the key: Linux 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'basic_text' |
   * 'unknown'; 'keychain' on macOS; 'dpapi' on Windows.
   */
  readonly backend: string;
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** Linux's safeStorage without a keyring: a hard-coded key, so anyone who can read the file can decrypt it. */
export const WEAK_CIPHER_BACKENDS: readonly string[] = ['basic_text'];

export function isWeakCipher(cipher: SecretCipher): boolean {
  return WEAK_CIPHER_BACKENDS.includes(cipher.backend);
}
