/**
 * What the workstation keeps in the keychain: one entry per account name below, under one service name per
 * app (so a second install, or the tests, never read the trader's keys).
 */
export const ALPACA_MODES = ['paper', 'live'] as const;
export type AlpacaKeyMode = (typeof ALPACA_MODES)[number];

export const SECRET_ACCOUNTS = [
  'alpaca.paper.keyId',
  'alpaca.paper.secret',
  'alpaca.live.keyId',
  'alpaca.live.secret',
  'llm.apiKey',
  // The Parquet catalog's S3 bucket (src-main/catalog/credentials.ts); set with `workstation catalog credentials`.
  'catalog.s3.accessKeyId',
  'catalog.s3.secret',
] as const;
export type SecretAccount = (typeof SECRET_ACCOUNTS)[number];

/** What the GUI names: a credential is one or two accounts that are set and deleted together. */
export const CREDENTIAL_IDS = ['alpaca.paper', 'alpaca.live', 'llm'] as const;
export type CredentialId = (typeof CREDENTIAL_IDS)[number];

export interface CredentialAccounts {
  /** The account whose last four characters the GUI may show (the key id, never the secret). */
  visible: SecretAccount;
  /** Every account of the credential, the visible one included. */
  all: readonly SecretAccount[];
}

export const CREDENTIAL_ACCOUNTS: Record<CredentialId, CredentialAccounts> = {
  'alpaca.paper': { visible: 'alpaca.paper.keyId', all: ['alpaca.paper.keyId', 'alpaca.paper.secret'] },
  'alpaca.live': { visible: 'alpaca.live.keyId', all: ['alpaca.live.keyId', 'alpaca.live.secret'] },
  llm: { visible: 'llm.apiKey', all: ['llm.apiKey'] },
};

export function alpacaAccounts(mode: AlpacaKeyMode): { keyId: SecretAccount; secret: SecretAccount } {
  return mode === 'paper'
    ? { keyId: 'alpaca.paper.keyId', secret: 'alpaca.paper.secret' }
    : { keyId: 'alpaca.live.keyId', secret: 'alpaca.live.secret' };
}

/** Live keys trade real money: the weak-storage rule applies to them. */
export function isLiveAccount(account: SecretAccount): boolean {
  return account.startsWith('alpaca.live.');
}

export function isSecretAccount(value: string): value is SecretAccount {
  return (SECRET_ACCOUNTS as readonly string[]).includes(value);
}

/** The keychain service name of the installed app; tests pass their own. */
export const SECRETS_SERVICE_NAME = 'alpaca-workstation';
/** The encrypted fallback file's name in the data dir (Electron's safeStorage, where no keychain answers). */
export const SECRETS_FALLBACK_FILE = 'secrets.enc.json';
