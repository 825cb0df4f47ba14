import { EncryptedFileSecretStore } from './encrypted-file-store.js';
import { KeytarSecretStore, probeKeychain, type KeytarApi } from './keytar-store.js';
import type { SecretCipher } from './secret-cipher.js';
import type { SecretStore } from './secret-store.js';

export interface SelectStoreOptions {
  /** The keychain service name; one per app (tests use their own). */
  serviceName: string;
  /** 'off' skips the keychain (a test of the fallback, or a user who wants the file). */
  keychain?: 'auto' | 'off';
  /** Electron's safeStorage; absent under plain Node. */
  cipher?: SecretCipher;
  /** Where the encrypted fallback lives. */
  fallbackFile: string;
  loadKeytar?: () => Promise<KeytarApi>;
}

export interface SelectedStore {
  store: SecretStore | null;
  /** Why the keychain, or every store, was passed over; empty when the keychain answered. */
  notes: string[];
}

/** The OS keychain when it answers a round trip; else safeStorage's encrypted file; else nothing writable. */
export async function selectSecretStore(options: SelectStoreOptions): Promise<SelectedStore> {
  const notes: string[] = [];
  if (options.keychain !== 'off') {
    const probe = await probeKeychain(options.serviceName, options.loadKeytar);
    if (probe.ok) return { store: new KeytarSecretStore(probe.keytar, options.serviceName), notes };
    notes.push(probe.reason);
  } else {
    notes.push('the keychain is turned off');
  }
  if (options.cipher?.isAvailable()) return { store: new EncryptedFileSecretStore(options.fallbackFile, options.cipher), notes };
  notes.push(options.cipher ? 'Electron safeStorage encryption is not available' : 'no Electron safeStorage outside the desktop app');
  return { store: null, notes };
}
