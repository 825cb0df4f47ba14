import { SECRETS_SERVICE_NAME } from '../secrets/accounts.js';
import { KeytarSecretStore, probeKeychain, type KeytarApi } from '../secrets/keytar-store.js';

export const LLM_KEY_ENV = 'OPENROUTER_API_KEY';

export interface KeySources {
  /** The keychain service name (default: WORKSTATION_KEYCHAIN_SERVICE, else the app's). */
  serviceName?: string;
  loadKeytar?: () => Promise<KeytarApi>;
  /** 'off': the environment only (tests that must not touch a keychain). */
  keychain?: 'auto' | 'off';
}

export interface FoundKey {
  apiKey: string;
  source: 'env' | 'keychain';
}

/**
 * The LLM key for the CLI: OPENROUTER_API_KEY (a server, a script), else the keychain entry `llm.apiKey` that the
 * Settings tab saved. Null when neither has one; the caller says where to put one. (The running app asks its
 * secrets service instead, which also knows Electron's encrypted file.)
 */
export async function resolveLlmKey(env: Readonly<Record<string, string | undefined>> = process.env, sources: KeySources = {}): Promise<FoundKey | null> {
  const fromEnv = env[LLM_KEY_ENV]?.trim();
  if (fromEnv) return { apiKey: fromEnv, source: 'env' };
  if (sources.keychain === 'off') return null;
  const serviceName = sources.serviceName ?? (env.WORKSTATION_KEYCHAIN_SERVICE || SECRETS_SERVICE_NAME);
  const probe = await probeKeychain(serviceName, sources.loadKeytar);
  if (!probe.ok) return null;
  const apiKey = await new KeytarSecretStore(probe.keytar, serviceName).get('llm.apiKey');
  return apiKey ? { apiKey, source: 'keychain' } : null;
}
