import { CodedError, type IpcErrorCode } from '../../src-shared/ipc/errors.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import { SecretStoreError, type SecretStoreErrorCode } from '../secrets/secret-store.js';
import type { SecretsService } from './secrets-service.js';

const IPC_CODE: Record<SecretStoreErrorCode, IpcErrorCode> = {
  READ_ONLY: 'FORBIDDEN',
  WEAK_STORAGE_REFUSED: 'FORBIDDEN',
  UNAVAILABLE: 'UNAVAILABLE',
  CORRUPT: 'UNAVAILABLE',
  INVALID: 'BAD_REQUEST',
};

/** A store's refusal becomes a coded reply with its actionable message (which never holds a secret). */
async function coded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SecretStoreError) throw new CodedError(IPC_CODE[error.code], `${error.code}: ${error.message}`);
    throw error;
  }
}

/** The `secrets` invokes: status, save (the only way a secret enters), delete, and the key test. */
export function createSecretsHandlers(service: () => SecretsService): ContractHandlers['secrets'] {
  return {
    status: () => coded(async () => service().current()),
    saveAlpacaKeys: ({ mode, keyId, secret, acceptWeakStorage }) =>
      coded(() => service().saveAlpacaKeys(mode, { keyId, secret }, acceptWeakStorage)),
    saveLlmKey: ({ apiKey }) => coded(() => service().saveLlmKey(apiKey)),
    delete: ({ id }) => coded(() => service().deleteCredential(id)),
    testAlpacaKeys: ({ mode }) => coded(() => service().testAlpacaKeys(mode)),
  };
}
