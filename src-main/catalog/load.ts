import type { Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { LoadedData } from '../backtest/load-data.js';
import { MarketData, type BarColumns } from '../backtest/market-data.js';
import { openCatalog, type Catalog, type OpenCatalogOptions } from './catalog.js';
import { resolveS3Credentials } from './credentials.js';
import { parseCatalogUri } from './uri.js';

export interface CatalogDataRequest {
  /** A folder or s3://bucket/prefix; or a catalog already open (left open). */
  catalog: string | Catalog;
  /** With a URI: the S3 endpoint and the like (credentials are found with resolveS3Credentials when absent). */
  options?: OpenCatalogOptions;
  symbols: string[];
  timeframe?: Timeframe;
  from?: number;
  to?: number;
  signal?: AbortSignal;
}

/**
 * `--catalog URI`, `--s3-endpoint URL` and `--s3-region R` as every command takes them (catalog, backtest,
 * optimize, walk-forward; ml and the workers likewise), with WORKSTATION_CATALOG / WORKSTATION_S3_ENDPOINT /
 * WORKSTATION_S3_REGION as defaults. Undefined when no catalog is named.
 */
export function catalogArgs(
  values: { catalog?: string | undefined; 's3-endpoint'?: string | undefined; 's3-region'?: string | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
): { uri: string; options: OpenCatalogOptions } | undefined {
  const uri = values.catalog ?? env.WORKSTATION_CATALOG;
  if (uri === undefined || uri.trim() === '') return undefined;
  const endpoint = values['s3-endpoint'] ?? env.WORKSTATION_S3_ENDPOINT;
  const region = values['s3-region'] ?? env.WORKSTATION_S3_REGION;
  return { uri, options: { ...(endpoint ? { s3Endpoint: endpoint } : {}), ...(region ? { s3Region: region } : {}) } };
}

/** Opens a catalog by URI, finding S3 credentials in the environment or the keychain when the URI is s3://. */
export async function openCatalogWithCredentials(uri: string, options: OpenCatalogOptions = {}, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Catalog> {
  if (parseCatalogUri(uri).kind === 's3' && !options.credentials) {
    const credentials = await resolveS3Credentials(env);
    return openCatalog(uri, { ...options, ...(credentials ? { credentials } : {}) });
  }
  return openCatalog(uri, options);
}

/**
 * The catalog a host or the app uses for charts and the provider chain: WORKSTATION_CATALOG (with
 * WORKSTATION_S3_ENDPOINT / WORKSTATION_S3_REGION and the credentials as for the CLI); undefined when unset.
 */
export async function openCatalogFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Catalog | undefined> {
  const target = catalogArgs({}, env);
  return target ? openCatalogWithCredentials(target.uri, target.options, env) : undefined;
}

/**
 * The bars of a run from the catalog, as the backtest family (backtest, optimize, walk-forward; ml and the
 * distributed workers likewise) takes them: the same LoadedData loadData builds from CSV files or history.sqlite.
 */
export async function loadCatalogData(request: CatalogDataRequest): Promise<LoadedData> {
  if (request.symbols.length === 0) throw new CodedError('BAD_REQUEST', 'say which symbols to read from the catalog: --symbol SYM');
  const timeframe = request.timeframe ?? '1Day';
  const catalog = typeof request.catalog === 'string' ? await openCatalogWithCredentials(request.catalog, request.options) : request.catalog;
  try {
    const columns: BarColumns[] = [];
    for (const raw of request.symbols) {
      const symbol = raw.toUpperCase();
      const read = await catalog.readBars(symbol, timeframe, request.from, request.to, request.signal ? { signal: request.signal } : {});
      if (read.t.length === 0) throw new CodedError('NOT_FOUND', `no ${timeframe} bars for ${symbol} in that range in the catalog ${catalog.description}; see \`workstation catalog ls\``);
      columns.push({ symbol, ...read });
    }
    return {
      data: new MarketData(columns),
      sources: columns.map((c) => ({ symbol: c.symbol, file: `catalog ${catalog.description}`, bars: c.t.length, timeframe, timeframeInferred: false })),
    };
  } finally {
    if (typeof request.catalog === 'string') catalog.close();
  }
}
