import type { ListedAsset, MarketSource } from '../market/types.js';
import type { Instrument } from './order-request.js';

/** Symbols and asset ids the broker can trade: the market's listed stocks and its option contracts. */
export class InstrumentDirectory {
  private bySymbol = new Map<string, ListedAsset>();
  private byId = new Map<string, ListedAsset>();
  private size = -1;

  constructor(private readonly market: MarketSource) {}

  /** Arrow so that it can be handed around as a plain lookup function. */
  readonly lookup = (symbol: string): Instrument | undefined => {
    const asset = this.asset(symbol);
    if (asset) {
      return {
        symbol: asset.symbol,
        assetId: asset.id,
        assetClass: 'us_equity',
        exchange: asset.exchange,
        multiplier: 1,
        tradable: asset.tradable,
        fractionable: asset.fractionable,
        shortable: asset.shortable,
      };
    }
    const option = this.market.optionSnapshot(symbol);
    if (!option) return undefined;
    return {
      symbol: option.contract.symbol,
      assetId: option.contract.id,
      assetClass: 'us_option',
      exchange: 'OPRA',
      multiplier: option.contract.multiplier,
      tradable: true,
      fractionable: false,
      shortable: true,
    };
  };

  /** A listed stock by symbol or asset id. */
  asset(symbolOrId: string): ListedAsset | undefined {
    this.refresh();
    return this.bySymbol.get(symbolOrId) ?? this.byId.get(symbolOrId);
  }

  private refresh(): void {
    const assets = this.market.assets();
    if (assets.length === this.size) return;
    this.size = assets.length;
    this.bySymbol = new Map(assets.map((asset) => [asset.symbol, asset]));
    this.byId = new Map(assets.map((asset) => [asset.id, asset]));
  }
}
