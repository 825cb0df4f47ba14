import { trading } from '@alpacahq/alpaca-trade-api';
import type { TestAlpacaKeysResponse } from '../../src-shared/ipc/secrets-schemas.js';
import type { AlpacaKeyMode } from './accounts.js';

export interface AlpacaKeyCheckInput {
  mode: AlpacaKeyMode;
  keyId: string;
  secret: string;
  /** Trading REST origin: Alpaca's paper or live host, or the local exchange in tests. */
  baseUrl: string;
  timeoutMs: number;
}

/**
 * A real call to the account endpoint with the given keys, through the official SDK. The answer names the host
 * and the HTTP status, never the keys; broker messages are cut to one short line.
 */
export async function checkAlpacaKeys(input: AlpacaKeyCheckInput): Promise<TestAlpacaKeysResponse> {
  const host = new URL(input.baseUrl).origin;
  const base = { mode: input.mode, host, checkedAt: Date.now(), accountStatus: null, accountNumberLast4: null, currency: null };
  const configuration = new trading.Configuration({
    keyId: input.keyId,
    secret: input.secret,
    basePath: host,
    timeoutMs: input.timeoutMs,
    retry: { maxRetries: 0 },
  });
  try {
    const account = await new trading.AccountsApi(configuration).getAccount();
    const number = account.accountNumber ?? '';
    return {
      ...base,
      ok: true,
      code: 'OK',
      message: `${input.mode} keys accepted by ${host}: account ${String(account.status ?? 'unknown').toLowerCase()}`,
      httpStatus: 200,
      accountStatus: account.status === undefined ? null : String(account.status),
      accountNumberLast4: number.length >= 4 ? number.slice(-4) : null,
      currency: account.currency ?? null,
    };
  } catch (error) {
    if (error instanceof trading.ApiError) {
      const status = error.status;
      if (status === 401 || status === 403) {
        return {
          ...base,
          ok: false,
          code: 'KEYS_REFUSED',
          httpStatus: status,
          message: `${host} refused the ${input.mode} keys (HTTP ${status}): check that the key id and secret belong together and to the ${input.mode} environment, or make new keys in Alpaca's dashboard`,
        };
      }
      return { ...base, ok: false, code: 'BROKER_ERROR', httpStatus: status, message: `${host} answered HTTP ${status}; try again later` };
    }
    const reason = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 160) : 'unknown error';
    return { ...base, ok: false, code: 'UNREACHABLE', httpStatus: null, message: `could not reach ${host} (${reason}); check the network` };
  }
}
