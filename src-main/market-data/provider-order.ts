import { DATA_SOURCES, type DataSource } from '../../src-shared/ipc/market-data-schemas.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { MarketDataProvider } from './providers.js';

/** The broker first, then the cold catalog, then the hot cache, then the generator that always answers. */
export const DEFAULT_PROVIDER_ORDER: readonly DataSource[] = ['alpaca', 'demo-exchange', 'catalog', 'history-store', 'synthetic'];

/**
 * `WORKSTATION_PROVIDER_ORDER`, e.g. `history-store,catalog,alpaca,synthetic`: the sources named, in that order.
 * A source left out keeps its default place after the named ones; 'alpaca' also stands for demo mode's exchange.
 */
export function parseProviderOrder(text: string | undefined): DataSource[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of names) {
    if (!(DATA_SOURCES as readonly string[]).includes(name)) {
      throw new CodedError('BAD_REQUEST', `WORKSTATION_PROVIDER_ORDER: "${name}" is not one of ${DATA_SOURCES.join(', ')}`);
    }
  }
  const order = names as DataSource[];
  if (order.includes('alpaca') && !order.includes('demo-exchange')) order.splice(order.indexOf('alpaca') + 1, 0, 'demo-exchange');
  return order;
}

/** The providers sorted by `order` (then by the default order for sources it leaves out); a stable sort. */
export function orderProviders<P extends Pick<MarketDataProvider, 'source'>>(providers: readonly P[], order: readonly DataSource[] = DEFAULT_PROVIDER_ORDER): P[] {
  const rank = (source: DataSource): number => {
    const named = order.indexOf(source);
    return named >= 0 ? named : order.length + DEFAULT_PROVIDER_ORDER.indexOf(source);
  };
  return [...providers].sort((a, b) => rank(a.source) - rank(b.source));
}
