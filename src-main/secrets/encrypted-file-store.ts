import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { isLiveAccount, isSecretAccount, type SecretAccount } from './accounts.js';
import { replaceFileDurably } from './durable-file.js';
import { isWeakCipher, type SecretCipher } from './secret-cipher.js';
import { SecretStoreError, type SecretStore, type SecretStoreInfo } from './secret-store.js';

const fileSchema = z.strictObject({
  version: z.literal(1),
  /** The cipher backend the entries were written with (a change of backend makes them unreadable). */
  backend: z.string(),
  /** account -> base64 of the cipher's output. */
  entries: z.record(z.string(), z.string()),
});
type SecretsFile = z.infer<typeof fileSchema>;

/**
 * The fallback where no keychain answers: each value encrypted by the OS-bound cipher (Electron's safeStorage)
 * in one JSON file readable by the user only. On Linux without a keyring safeStorage falls back to `basic_text`,
 * which protects nothing; live keys are refused there unless the user accepted that after a warning.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly info: SecretStoreInfo;

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {
    const weak = isWeakCipher(cipher);
    this.info = {
      backend: 'encrypted-file',
      detail: `${file} encrypted with the OS ${cipher.backend}${weak ? ' backend (no keyring: readable by anyone who can read the file)' : ''}`,
      readOnly: false,
      weak,
    };
  }

  async get(account: SecretAccount): Promise<string | null> {
    const data = this.read();
    const stored = data.entries[account];
    if (stored === undefined) return null;
    this.requireCipher();
    try {
      return this.cipher.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      throw new SecretStoreError('CORRUPT', `the stored ${account} cannot be decrypted (was ${this.file} copied from another user or machine?); delete it and enter the key again`);
    }
  }

  async set(account: SecretAccount, value: string, options: { acceptWeak?: boolean } = {}): Promise<void> {
    this.requireCipher();
    if (this.info.weak && isLiveAccount(account) && options.acceptWeak !== true) {
      throw new SecretStoreError(
        'WEAK_STORAGE_REFUSED',
        'no keyring is running, so the key would be stored with the basic_text backend that anyone who can read your files can decrypt; ' +
          'start a keyring (GNOME Keyring, KWallet) or accept the risk explicitly to store a live key',
      );
    }
    const data = this.read();
    data.entries[account] = this.cipher.encrypt(value).toString('base64');
    data.backend = this.cipher.backend;
    this.write(data);
  }

  async delete(account: SecretAccount): Promise<boolean> {
    const data = this.read();
    if (data.entries[account] === undefined) return false;
    delete data.entries[account];
    this.write(data);
    return true;
  }

  private requireCipher(): void {
    if (!this.cipher.isAvailable()) throw new SecretStoreError('UNAVAILABLE', 'the OS encryption (safeStorage) is not available yet');
  }

  private read(): SecretsFile {
    if (!existsSync(this.file)) return { version: 1, backend: this.cipher.backend, entries: {} };
    let parsed: SecretsFile;
    try {
      parsed = fileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      throw new SecretStoreError('CORRUPT', `${this.file} is damaged; delete it and enter the keys again`);
    }
    for (const account of Object.keys(parsed.entries)) {
      if (!isSecretAccount(account)) delete parsed.entries[account];
    }
    return parsed;
  }

  /** Whole-file replace (fsynced, then renamed), so a crash leaves the old file or the new one, never half of one. */
  private write(data: SecretsFile): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    replaceFileDurably(this.file, `${JSON.stringify(data, null, 2)}\n`, 0o600);
  }
}
