import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretAccount } from './accounts.js';
import { SecretStoreError, type SecretStore, type SecretStoreInfo } from './secret-store.js';

/** The part of keytar we use; keytar itself is loaded lazily, so a missing native build is a fallback, not a crash. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

const PROBE_ACCOUNT = 'workstation.probe';
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Under Electron (running from a checkout) keytar's binding must be the one built for Electron's ABI by
 * `scripts/electron-native.mjs`; keytar's own JavaScript is a thin wrapper over the binding's same three calls.
 * Packaged apps have keytar rebuilt in place by electron-builder, so this returns undefined there.
 */
function electronKeytarBinding(): KeytarApi | undefined {
  const electronVersion = process.versions.electron;
  if (!electronVersion) return undefined;
  const candidate = join(process.env.WORKSTATION_APP_ROOT ?? process.cwd(), '.cache', 'electron-native', electronVersion, 'keytar.node');
  if (!existsSync(candidate)) return undefined;
  const binding: { exports: KeytarApi } = { exports: {} as KeytarApi };
  process.dlopen(binding, candidate);
  return binding.exports;
}

export async function loadKeytar(): Promise<KeytarApi> {
  const electronBuild = electronKeytarBinding();
  if (electronBuild) return electronBuild;
  const loaded = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  return typeof loaded.setPassword === 'function' ? loaded : (loaded.default as KeytarApi);
}

function platformKeychain(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Vault';
  return 'Secret Service';
}

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type KeychainProbe = { ok: true; keytar: KeytarApi } | { ok: false; reason: string };

/**
 * Whether the OS keychain works for us right now: loads keytar and makes a write-read-delete round trip with a
 * random value. A keychain that is missing (no D-Bus session, no Secret Service) or locked fails here, not on the
 * user's first save.
 */
export async function probeKeychain(serviceName: string, load: () => Promise<KeytarApi> = loadKeytar): Promise<KeychainProbe> {
  let keytar: KeytarApi;
  try {
    keytar = await load();
  } catch (error) {
    return { ok: false, reason: `keytar could not be loaded: ${firstLine(error)}` };
  }
  const value = randomBytes(12).toString('hex');
  try {
    await withTimeout(keytar.setPassword(serviceName, PROBE_ACCOUNT, value), 'the keychain');
    const back = await withTimeout(keytar.getPassword(serviceName, PROBE_ACCOUNT), 'the keychain');
    await withTimeout(keytar.deletePassword(serviceName, PROBE_ACCOUNT), 'the keychain');
    if (back !== value) return { ok: false, reason: 'the keychain did not give back what was written' };
    return { ok: true, keytar };
  } catch (error) {
    return { ok: false, reason: `${platformKeychain()} is not usable: ${firstLine(error)}` };
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}

/** The OS keychain through keytar: macOS Keychain, Windows Credential Vault, Linux Secret Service. */
export class KeytarSecretStore implements SecretStore {
  readonly info: SecretStoreInfo;

  constructor(
    private readonly keytar: KeytarApi,
    private readonly serviceName: string,
  ) {
    this.info = { backend: 'keychain', detail: `${platformKeychain()} (service "${serviceName}")`, readOnly: false, weak: false };
  }

  async get(account: SecretAccount): Promise<string | null> {
    return this.call(() => this.keytar.getPassword(this.serviceName, account), 'read');
  }

  async set(account: SecretAccount, value: string): Promise<void> {
    await this.call(() => this.keytar.setPassword(this.serviceName, account, value), 'write');
  }

  async delete(account: SecretAccount): Promise<boolean> {
    return this.call(() => this.keytar.deletePassword(this.serviceName, account), 'delete');
  }

  private async call<T>(work: () => Promise<T>, what: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // keytar's messages name the keychain's problem (locked, no D-Bus), never the value.
      throw new SecretStoreError('UNAVAILABLE', `could not ${what} the ${platformKeychain()}: ${firstLine(error)}; unlock the keychain and retry`);
    }
  }
}
