import { SECRETS_SERVICE_NAME } from '../secrets/accounts.js';
import { KeytarSecretStore, probeKeychain, type KeytarApi } from '../secrets/keytar-store.js';
import { CatalogError } from './errors.js';
import type { S3Credentials } from './s3-storage.js';

export const S3_KEY_ID_ACCOUNT = 'catalog.s3.accessKeyId' as const;
export const S3_SECRET_ACCOUNT = 'catalog.s3.secret' as const;

export interface CredentialSources {
  /** The keychain service name (default: WORKSTATION_KEYCHAIN_SERVICE, else the app's). */
  serviceName?: string;
  loadKeytar?: () => Promise<KeytarApi>;
  /** 'off': environment only (tests that must not touch a keychain). */
  keychain?: 'auto' | 'off';
}

function fromEnv(env: Readonly<Record<string, string | undefined>>): S3Credentials | undefined {
  const id = (env.WORKSTATION_S3_ACCESS_KEY_ID || env.AWS_ACCESS_KEY_ID)?.trim();
  const secret = (env.WORKSTATION_S3_SECRET_ACCESS_KEY || env.AWS_SECRET_ACCESS_KEY)?.trim();
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

function serviceName(env: Readonly<Record<string, string | undefined>>, sources: CredentialSources): string {
  return sources.serviceName ?? (env.WORKSTATION_KEYCHAIN_SERVICE || SECRETS_SERVICE_NAME);
}

/**
 * S3 credentials for the catalog: WORKSTATION_S3_ACCESS_KEY_ID / WORKSTATION_S3_SECRET_ACCESS_KEY or AWS's
 * usual variables (a server or a test), else the keychain entries `workstation catalog credentials` stored.
 * Undefined when neither has a pair (openCatalog then says where to put one).
 */
export async function resolveS3Credentials(env: Readonly<Record<string, string | undefined>> = process.env, sources: CredentialSources = {}): Promise<S3Credentials | undefined> {
  const viaEnv = fromEnv(env);
  if (viaEnv || sources.keychain === 'off') return viaEnv;
  const probe = await probeKeychain(serviceName(env, sources), sources.loadKeytar);
  if (!probe.ok) return undefined;
  const store = new KeytarSecretStore(probe.keytar, serviceName(env, sources));
  const id = await store.get(S3_KEY_ID_ACCOUNT);
  const secret = await store.get(S3_SECRET_ACCOUNT);
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

/** Stores a key pair in the OS keychain (the CLI's `catalog credentials`); refuses where no keychain answers. */
export async function storeS3Credentials(credentials: S3Credentials, env: Readonly<Record<string, string | undefined>> = process.env, sources: CredentialSources = {}): Promise<string> {
  const probe = await probeKeychain(serviceName(env, sources), sources.loadKeytar);
  if (!probe.ok) {
    throw new CatalogError('CATALOG_AUTH', `no keychain to store the S3 key in (${probe.reason}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead`);
  }
  const store = new KeytarSecretStore(probe.keytar, serviceName(env, sources));
  await store.set(S3_KEY_ID_ACCOUNT, credentials.accessKeyId);
  await store.set(S3_SECRET_ACCOUNT, credentials.secretAccessKey);
  return store.info.detail;
}
