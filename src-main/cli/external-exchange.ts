import { CodedError } from '../../src-shared/ipc/errors.js';
import type { DemoEndpoints } from '../services/exchange-service.js';

/** Where `workstation exchange` prints the key pair for `host --exchange-url` to read. */
export const EXCHANGE_KEY_ID_ENV = 'WORKSTATION_EXCHANGE_KEY_ID';
export const EXCHANGE_SECRET_ENV = 'WORKSTATION_EXCHANGE_SECRET_KEY';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * `--exchange-url`: the endpoints of a local exchange that is already running, laid out as `startExchange` serves
 * them (REST and market data on one origin; trade updates, stocks and options streams under fixed paths). Loopback
 * only, so demo mode never means a remote venue; the key pair comes from the environment rather than the command
 * line, where other local users could read it in the process list.
 */
export function externalExchangeEndpoints(url: string, env: NodeJS.ProcessEnv): DemoEndpoints {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CodedError('BAD_REQUEST', `--exchange-url must be a URL like http://127.0.0.1:8100, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname) || (parsed.pathname !== '/' && parsed.pathname !== '')) {
    throw new CodedError('BAD_REQUEST', `--exchange-url takes the local exchange's loopback trading URL (http://127.0.0.1:PORT, as \`workstation exchange\` prints it), got "${url}"`);
  }
  const keyId = env[EXCHANGE_KEY_ID_ENV] ?? '';
  const secret = env[EXCHANGE_SECRET_ENV] ?? '';
  if (keyId === '' || secret === '') {
    throw new CodedError('BAD_REQUEST', `--exchange-url needs the exchange's key pair in ${EXCHANGE_KEY_ID_ENV} and ${EXCHANGE_SECRET_ENV} (\`workstation exchange\` prints both)`);
  }
  const http = parsed.origin;
  const ws = `ws://${parsed.host}`;
  return {
    tradingUrl: http,
    dataUrl: http,
    streamUrl: `${ws}/stream`,
    marketDataStreamUrl: `${ws}/v2/iex`,
    optionStreamUrl: `${ws}/v1beta1/indicative`,
    keys: { keyId, secret },
  };
}
