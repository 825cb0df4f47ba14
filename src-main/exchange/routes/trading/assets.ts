import type { Broker } from '../../broker/broker.js';
import { decStr, fromNumber } from '../../broker/decimal.js';
import { assetNotFound, invalidInput } from '../../broker/errors.js';
import type { ListedAsset, MarketSource, OptionContract } from '../../market/types.js';
import type { Route } from '../../server/route-types.js';
import { intParam, listParam } from './query.js';

function assetJson(asset: ListedAsset, market: MarketSource): Record<string, unknown> {
  const trade = market.latestTrade(asset.symbol);
  const attributes: string[] = [];
  if (asset.fractionable) attributes.push('fractional_eh_enabled');
  if (market.optionContracts(asset.symbol).length > 0) attributes.push('has_options');
  return {
    id: asset.id,
    class: 'us_equity',
    exchange: asset.exchange,
    symbol: asset.symbol,
    name: asset.name,
    status: 'active',
    tradable: asset.tradable,
    marginable: asset.marginable,
    maintenance_margin_requirement: 30,
    margin_requirement_long: '30',
    margin_requirement_short: '30',
    shortable: asset.shortable,
    easy_to_borrow: asset.easyToBorrow,
    fractionable: asset.fractionable,
    last_close_pct_change: '0',
    last_price: trade ? decStr(fromNumber(trade.price)) : '0',
    attributes,
  };
}

function contractJson(contract: OptionContract, market: MarketSource): Record<string, unknown> {
  const underlying = market.assets().find((asset) => asset.symbol === contract.underlying);
  const snapshot = market.optionSnapshot(contract.symbol);
  const [year, month, day] = contract.expiration.split('-');
  const monthName = new Date(Date.UTC(Number(year), Number(month) - 1, 1)).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return {
    id: contract.id,
    symbol: contract.symbol,
    name: `${contract.underlying} ${monthName} ${day} ${year} ${contract.strike} ${contract.type === 'call' ? 'Call' : 'Put'}`,
    status: 'active',
    tradable: true,
    expiration_date: contract.expiration,
    root_symbol: contract.underlying,
    underlying_symbol: contract.underlying,
    underlying_asset_id: underlying?.id ?? '',
    type: contract.type,
    style: contract.style,
    strike_price: decStr(fromNumber(contract.strike)),
    multiplier: String(contract.multiplier),
    size: String(contract.multiplier),
    open_interest: '0',
    open_interest_date: contract.expiration,
    close_price: snapshot?.trade ? decStr(fromNumber(snapshot.trade.price)) : null,
    close_price_date: snapshot?.trade ? new Date(snapshot.trade.t).toISOString().slice(0, 10) : null,
  };
}

function contractFilter(query: URLSearchParams): (contract: OptionContract) => boolean {
  const num = (name: string): number | undefined => (query.get(name) ? Number(query.get(name)) : undefined);
  const strikeGte = num('strike_price_gte');
  const strikeLte = num('strike_price_lte');
  const expiration = query.get('expiration_date');
  const expGte = query.get('expiration_date_gte');
  const expLte = query.get('expiration_date_lte');
  const type = query.get('type');
  const root = query.get('root_symbol');
  return (c) =>
    (strikeGte === undefined || c.strike >= strikeGte) &&
    (strikeLte === undefined || c.strike <= strikeLte) &&
    (!expiration || c.expiration === expiration) &&
    (!expGte || c.expiration >= expGte) &&
    (!expLte || c.expiration <= expLte) &&
    (!type || c.type === type) &&
    (!root || c.underlying === root);
}

/** /v2/assets and /v2/options/contracts. */
export function assetRoutes(broker: Broker, market: MarketSource): Route[] {
  const listContracts = (query: URLSearchParams): Record<string, unknown> => {
    const underlyings = listParam(query, 'underlying_symbols') ?? market.assets().map((asset) => asset.symbol);
    const limit = intParam(query, 'limit', 100, 10_000);
    const offset = query.get('page_token') ? Number(Buffer.from(query.get('page_token') ?? '', 'base64').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalidInput('invalid page_token');
    const all = underlyings.flatMap((symbol) => market.optionContracts(symbol)).filter(contractFilter(query));
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
    return { option_contracts: page.map((contract) => contractJson(contract, market)), next_page_token: next };
  };
  return [
    {
      method: 'GET',
      path: '/v2/assets',
      handler: (req) => {
        const status = req.query.get('status');
        const assetClass = req.query.get('asset_class');
        const exchange = req.query.get('exchange');
        const attributes = listParam(req.query, 'attributes');
        const list = market
          .assets()
          .map((asset) => assetJson(asset, market))
          .filter((asset) => (!status || asset.status === status) && (!assetClass || assetClass === 'us_equity') && (!exchange || asset.exchange === exchange))
          .filter((asset) => !attributes || attributes.some((a) => (asset.attributes as string[]).includes(a)));
        return { status: 200, body: list };
      },
    },
    {
      method: 'GET',
      path: '/v2/assets/:symbol_or_asset_id',
      handler: (req) => {
        const key = req.params.symbol_or_asset_id ?? '';
        const asset = broker.instruments.asset(key);
        if (!asset) throw assetNotFound(key);
        return { status: 200, body: assetJson(asset, market) };
      },
    },
    { method: 'GET', path: '/v2/options/contracts', handler: (req) => ({ status: 200, body: listContracts(req.query) }) },
    {
      method: 'GET',
      path: '/v2/options/contracts/:symbol_or_id',
      handler: (req) => {
        const key = req.params.symbol_or_id ?? '';
        const snapshot = market.optionSnapshot(key);
        const contract = snapshot?.contract ?? market.assets().flatMap((a) => market.optionContracts(a.symbol)).find((c) => c.id === key);
        if (!contract) throw assetNotFound(key);
        return { status: 200, body: contractJson(contract, market) };
      },
    },
  ];
}
