import { trading } from '@alpacahq/alpaca-trade-api';
import type { CredentialStatus, SecretsStatus, TestAlpacaKeysResponse } from '../../src-shared/ipc/secrets-schemas.js';
import type { Logger } from '../logging/logger.js';
import {
  alpacaAccounts,
  CREDENTIAL_ACCOUNTS,
  CREDENTIAL_IDS,
  SECRET_ACCOUNTS,
  type AlpacaKeyMode,
  type CredentialId,
  type SecretAccount,
} from '../secrets/accounts.js';
import { checkAlpacaKeys } from '../secrets/alpaca-key-check.js';
import { EnvSecretStore } from '../secrets/env-store.js';
import { maskSecret } from '../secrets/mask.js';
import type { KeytarApi } from '../secrets/keytar-store.js';
import type { SecretCipher } from '../secrets/secret-cipher.js';
import { SecretStoreError, type SecretStore } from '../secrets/secret-store.js';
import { selectSecretStore } from '../secrets/select-store.js';
import { healthOf, type Service } from './service.js';

export interface SecretsServiceOptions {
  log: Logger;
  /** The keychain service name: one per app; tests use their own so they never touch a trader's keys. */
  serviceName: string;
  /** The encrypted fallback file (used only with a cipher, i.e. under Electron). */
  fallbackFile: string;
  /** Electron's safeStorage; absent under plain Node. */
  cipher?: SecretCipher;
  /** Environment variables to read APCA_API_KEY_ID / APCA_API_SECRET_KEY from (the headless host passes process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  keychain?: 'auto' | 'off';
  loadKeytar?: () => Promise<KeytarApi>;
  /** Trading hosts the key test calls; default Alpaca's paper and live hosts (tests: the local exchange). */
  alpacaHosts?: Partial<Record<AlpacaKeyMode, string>>;
  testTimeoutMs?: number;
  /** Told after every change, with the new status (main publishes it as `secrets.changed`). */
  onChange?: (status: SecretsStatus) => void;
}

export interface AlpacaKeys {
  keyId: string;
  secret: string;
}

/**
 * Credentials for main's other services: the OS keychain (or Electron's encrypted file, or the host's
 * environment variables) behind one API. Values stay in main; every value read or written is registered with
 * the log's redactor, so it cannot reach a log line, a log event or an error text.
 */
export class SecretsService implements Service {
  readonly name = 'secrets';
  private writable: SecretStore | null = null;
  private env: EnvSecretStore | null = null;
  private notes: string[] = [];
  private status: SecretsStatus | undefined;

  constructor(private readonly options: SecretsServiceOptions) {}

  async start(): Promise<void> {
    const selected = await selectSecretStore({
      serviceName: this.options.serviceName,
      fallbackFile: this.options.fallbackFile,
      ...(this.options.keychain ? { keychain: this.options.keychain } : {}),
      ...(this.options.cipher ? { cipher: this.options.cipher } : {}),
      ...(this.options.loadKeytar ? { loadKeytar: this.options.loadKeytar } : {}),
    });
    this.writable = selected.store;
    this.notes = selected.notes;
    const env = this.options.env ? new EnvSecretStore(this.options.env) : null;
    this.env = env && !env.empty ? env : null;
    for (const note of this.notes) this.options.log.warn('secrets', note);
    await this.refresh();
    this.options.log.info('secrets', `credentials are kept in ${this.storeDetail()}`);
  }

  stop(): void {
    this.status = undefined;
  }

  health() {
    if (!this.status) return healthOf(this.name, 'starting', 'looking for the keychain');
    const set = this.status.credentials.filter((c) => c.set).map((c) => c.id);
    const detail = `${this.storeDetail()}; set: ${set.length ? set.join(', ') : 'none'}`;
    return healthOf(this.name, this.writable || this.env ? 'ok' : 'degraded', detail);
  }

  current(): SecretsStatus {
    if (!this.status) throw new SecretStoreError('UNAVAILABLE', 'credentials are not loaded yet');
    return this.status;
  }

  /** The keys of one Alpaca environment, or null when none are stored. For main's services only. */
  async alpacaKeys(mode: AlpacaKeyMode): Promise<AlpacaKeys | null> {
    const accounts = alpacaAccounts(mode);
    const keyId = await this.read(accounts.keyId);
    const secret = await this.read(accounts.secret);
    return keyId && secret ? { keyId, secret } : null;
  }

  async llmApiKey(): Promise<string | null> {
    return this.read('llm.apiKey');
  }

  async saveAlpacaKeys(mode: AlpacaKeyMode, keys: AlpacaKeys, acceptWeakStorage: boolean): Promise<SecretsStatus> {
    const expected = mode === 'live' ? 'AK' : 'PK';
    const redactor = this.options.log.redactor;
    // Registered before anything else can log them (a failing write's error, a debug line).
    redactor.addSecret(keys.keyId);
    redactor.addSecret(keys.secret);
    if (!keys.keyId.startsWith(expected)) {
      throw new SecretStoreError('INVALID', `a ${mode} key id starts with ${expected}; this one is for the other environment`);
    }
    const accounts = alpacaAccounts(mode);
    const store = this.storeFor(accounts.keyId);
    await store.set(accounts.keyId, keys.keyId, { acceptWeak: acceptWeakStorage });
    await store.set(accounts.secret, keys.secret, { acceptWeak: acceptWeakStorage });
    this.options.log.info('secrets', `${mode} keys saved to the ${store.info.backend}`, { keyIdLast4: keys.keyId.slice(-4) });
    return this.changed();
  }

  async saveLlmKey(apiKey: string): Promise<SecretsStatus> {
    this.options.log.redactor.addSecret(apiKey);
    const store = this.storeFor('llm.apiKey');
    await store.set('llm.apiKey', apiKey);
    this.options.log.info('secrets', `the LLM API key was saved to the ${store.info.backend}`);
    return this.changed();
  }

  async deleteCredential(id: CredentialId): Promise<SecretsStatus> {
    const accounts = CREDENTIAL_ACCOUNTS[id].all;
    for (const account of accounts) this.storeFor(account);
    let deleted = false;
    for (const account of accounts) deleted = (await this.storeFor(account).delete(account)) || deleted;
    this.options.log.info('secrets', deleted ? `${id} deleted` : `${id} was not stored`);
    return this.changed();
  }

  /** A real call to the account endpoint of the mode's trading host with the stored keys. */
  async testAlpacaKeys(mode: AlpacaKeyMode): Promise<TestAlpacaKeysResponse> {
    const baseUrl = this.options.alpacaHosts?.[mode] ?? (mode === 'live' ? trading.TRADING_LIVE_HOST : trading.TRADING_PAPER_HOST);
    const keys = await this.alpacaKeys(mode);
    if (!keys) {
      return {
        mode,
        ok: false,
        code: 'NO_KEYS',
        message: `no ${mode} keys are stored; enter a key id and secret first`,
        host: new URL(baseUrl).origin,
        httpStatus: null,
        accountStatus: null,
        accountNumberLast4: null,
        currency: null,
        checkedAt: Date.now(),
      };
    }
    const result = await checkAlpacaKeys({ mode, ...keys, baseUrl, timeoutMs: this.options.testTimeoutMs ?? 10_000 });
    const level = result.ok ? 'info' : 'warn';
    this.options.log[level]('secrets', `key test: ${result.message}`, { mode, httpStatus: result.httpStatus, code: result.code });
    return result;
  }

  private async read(account: SecretAccount): Promise<string | null> {
    const value = this.env?.has(account) ? await this.env.get(account) : ((await this.writable?.get(account)) ?? null);
    if (value) this.options.log.redactor.addSecret(value);
    return value;
  }

  /** The store that may change an account: refuses env-held accounts and a missing store with an actionable reason. */
  private storeFor(account: SecretAccount): SecretStore {
    if (this.env?.has(account)) return this.env;
    if (!this.writable) {
      throw new SecretStoreError(
        'UNAVAILABLE',
        `no secure storage is available (${this.notes.join('; ')}); start a keyring (e.g. gnome-keyring under a D-Bus session) or, on the headless host, set APCA_API_KEY_ID and APCA_API_SECRET_KEY`,
      );
    }
    return this.writable;
  }

  private storeDetail(): string {
    const parts = [this.writable ? this.writable.info.detail : 'no writable store'];
    if (this.env) parts.push(`${this.env.info.detail} (read-only)`);
    return parts.join(' + ');
  }

  private async changed(): Promise<SecretsStatus> {
    const status = await this.refresh();
    this.options.onChange?.(status);
    return status;
  }

  private async refresh(): Promise<SecretsStatus> {
    const values = new Map<SecretAccount, string | null>();
    for (const account of SECRET_ACCOUNTS) {
      try {
        values.set(account, await this.read(account));
      } catch (error) {
        this.options.log.warn('secrets', `could not read ${account}`, { error: error instanceof Error ? error.message : String(error) });
        values.set(account, null);
      }
    }
    const credentials: CredentialStatus[] = CREDENTIAL_IDS.map((id) => {
      const { visible, all } = CREDENTIAL_ACCOUNTS[id];
      const complete = all.every((account) => Boolean(values.get(account)));
      const fromEnv = all.some((account) => this.env?.has(account) === true);
      const masked = maskSecret(complete ? values.get(visible) : null);
      return {
        id,
        set: masked.set,
        last4: masked.last4,
        source: complete ? (fromEnv ? 'env' : (this.writable?.info.backend ?? null)) : null,
        readOnly: fromEnv,
      };
    });
    this.status = {
      store: {
        backend: this.writable?.info.backend ?? null,
        detail: this.storeDetail(),
        weak: this.writable?.info.weak ?? false,
      },
      notes: [...this.notes],
      credentials,
    };
    return this.status;
  }
}
