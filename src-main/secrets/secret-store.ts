import type { SecretAccount } from './accounts.js';

export type SecretBackend = 'keychain' | 'encrypted-file' | 'env';

export interface SecretStoreInfo {
  backend: SecretBackend;
  /** For people: which keychain or file, e.g. "Secret Service (service com.example)". */
  detail: string;
  /** The store only reads (environment variables). */
  readOnly: boolean;
  /**
   * Anyone who can read the user's files can read these secrets back (Linux safeStorage's `basic_text`
   * backend, which "encrypts" with a hard-coded key). Live keys are refused there unless the user opts in.
   */
  weak: boolean;
}

/** Where secrets live. Values never leave main; callers ask for one account at a time. */
export interface SecretStore {
  readonly info: SecretStoreInfo;
  get(account: SecretAccount): Promise<string | null>;
  /** `acceptWeak`: the user confirmed, after a warning, that a live key may go to a weak store. */
  set(account: SecretAccount, value: string, options?: { acceptWeak?: boolean }): Promise<void>;
  /** True when something was deleted. */
  delete(account: SecretAccount): Promise<boolean>;
}

export type SecretStoreErrorCode =
  /** The store only reads (environment variables). */
  | 'READ_ONLY'
  /** A live key would go to a weak store and the user did not opt in. */
  | 'WEAK_STORAGE_REFUSED'
  /** The keychain or the encryption is not there (locked, no Secret Service, no safeStorage). */
  | 'UNAVAILABLE'
  /** The fallback file exists but cannot be read back (another user, another machine, damaged). */
  | 'CORRUPT'
  /** The value does not fit the account (a live key id offered as a paper key). */
  | 'INVALID';

/** A store's refusal, with a message a trader can act on; it never contains a secret. */
export class SecretStoreError extends Error {
  constructor(
    readonly code: SecretStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretStoreError';
  }
}
