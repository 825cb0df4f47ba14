import type { SecretAccount } from './accounts.js';
import { SecretStoreError, type SecretStore, type SecretStoreInfo } from './secret-store.js';

export const ENV_KEY_ID = 'APCA_API_KEY_ID';
export const ENV_SECRET = 'APCA_API_SECRET_KEY';

/**
 * The headless host's documented alternative to a keychain: Alpaca's own environment variables, read once at
 * start. A key id starting with AK is a live key; any other is taken as a paper key. Read-only: the GUI can
 * neither change nor delete these.
 */
export class EnvSecretStore implements SecretStore {
  readonly info: SecretStoreInfo = {
    backend: 'env',
    detail: `environment variables ${ENV_KEY_ID} / ${ENV_SECRET}`,
    readOnly: true,
    weak: false,
  };
  private readonly values = new Map<SecretAccount, string>();

  constructor(env: Readonly<Record<string, string | undefined>>) {
    const keyId = env[ENV_KEY_ID]?.trim();
    const secret = env[ENV_SECRET]?.trim();
    if (!keyId || !secret) return;
    const mode = keyId.startsWith('AK') ? 'live' : 'paper';
    this.values.set(`alpaca.${mode}.keyId`, keyId);
    this.values.set(`alpaca.${mode}.secret`, secret);
  }

  /** Whether the environment holds anything at all. */
  get empty(): boolean {
    return this.values.size === 0;
  }

  has(account: SecretAccount): boolean {
    return this.values.has(account);
  }

  async get(account: SecretAccount): Promise<string | null> {
    return this.values.get(account) ?? null;
  }

  async set(account: SecretAccount): Promise<void> {
    throw this.readOnly(account);
  }

  async delete(account: SecretAccount): Promise<boolean> {
    throw this.readOnly(account);
  }

  private readOnly(account: SecretAccount): SecretStoreError {
    return new SecretStoreError('READ_ONLY', `${account} comes from ${ENV_KEY_ID}/${ENV_SECRET}; unset them and restart the host to manage keys here`);
  }
}
