import { safeStorage } from 'electron';
import type { SecretCipher } from '../secrets/secret-cipher.js';

/**
 * Electron's safeStorage as the secrets fallback's cipher: the macOS Keychain's key, Windows DPAPI, or on Linux
 * the keyring's key (gnome_libsecret / kwallet) or, with no keyring, `basic_text` (a fixed key: weak). Usable
 * only after the app is ready, which is when the workstation's services start.
 */
export class SafeStorageCipher implements SecretCipher {
  get backend(): string {
    if (process.platform === 'darwin') return 'keychain';
    if (process.platform === 'win32') return 'dpapi';
    return safeStorage.getSelectedStorageBackend();
  }

  isAvailable(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  encrypt(plain: string): Buffer {
    return safeStorage.encryptString(plain);
  }

  decrypt(data: Buffer): string {
    return safeStorage.decryptString(data);
  }
}
