import { FaultPlan } from '../../../../src-main/exchange/faults.js';
import { createExchangeServer, type ExchangeServer, type ExchangeServerOptions } from '../../../../src-main/exchange/server/exchange-server.js';
import type { Route } from '../../../../src-main/exchange/server/route-types.js';

export const KEY_ID = 'PKTESTKEYID0000000001';
export const SECRET = 'test-secret-not-a-real-key';
export const AUTH = { 'APCA-API-KEY-ID': KEY_ID, 'APCA-API-SECRET-KEY': SECRET };

export interface Harness {
  server: ExchangeServer;
  faults: FaultPlan;
  url: string;
  errors: string[];
  close(): Promise<void>;
}

/** A server on loopback with the given routes and one key pair; errors logged by it are collected. */
export async function startServer(routes: Route[], options: Partial<ExchangeServerOptions> = {}): Promise<Harness> {
  const faults = options.faults ?? new FaultPlan();
  const errors: string[] = [];
  const server = createExchangeServer({
    routes,
    streams: [],
    keys: new Map([[KEY_ID, SECRET]]),
    faults,
    log: { warn: () => undefined, error: (_s, message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`) },
    ...options,
  });
  const port = await server.listen(0);
  return { server, faults, url: `http://127.0.0.1:${port}`, errors, close: () => server.close() };
}
