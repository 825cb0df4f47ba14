import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { FaultPlan } from '../../../src-main/exchange/faults.js';
import { SyntheticMarket } from '../../../src-main/exchange/market/synthetic-market.js';
import { marketDataRoutes } from '../../../src-main/exchange/routes/market-data/index.js';
import { createExchangeServer, type ExchangeServer } from '../../../src-main/exchange/server/exchange-server.js';
import type { StreamEndpoint } from '../../../src-main/exchange/server/route-types.js';

/** A real exchange server on loopback with the synthetic market's routes, a frozen clock and one key pair. */
export const KEY_ID = 'PKTESTMARKET';
export const SECRET = 'secret-market';

export interface Harness {
  server: ExchangeServer;
  market: SyntheticMarket;
  clock: SimulatedClock;
  faults: FaultPlan;
  keys: Map<string, string>;
  url: string;
  get(path: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startHarness(
  now = '2024-03-07T16:00:00Z',
  streams: (h: Pick<Harness, 'market' | 'faults' | 'keys'>) => StreamEndpoint[] = () => [],
): Promise<Harness> {
  const clock = new SimulatedClock(Date.parse(now), 0);
  const market = new SyntheticMarket({ seed: 11, clock });
  const faults = new FaultPlan();
  const keys = new Map([[KEY_ID, SECRET], ['PKSECOND', 'secret-2']]);
  const server = createExchangeServer({
    routes: marketDataRoutes(market, clock),
    streams: streams({ market, faults, keys }),
    keys,
    faults,
    rateLimitPerMinute: 100_000,
    log: { warn: () => undefined, error: () => undefined },
  });
  await server.listen(0);
  const url = server.url;
  return {
    server,
    market,
    clock,
    faults,
    keys,
    url,
    async get(path) {
      const response = await fetch(`${url}${path}`, { headers: { 'APCA-API-KEY-ID': KEY_ID, 'APCA-API-SECRET-KEY': SECRET } });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    close: () => server.close(),
  };
}
