import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import type { StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { defaultParams, type RunConfig } from './config.js';
import { CsvImport } from './csv-import.js';

/** Strategy and its parameters (from its schema), data, dates, fill model and account. */
export function RunForm({ strategies, config, onChange }: { strategies: readonly StrategyInfoDto[]; config: RunConfig; onChange: (c: RunConfig) => void }) {
  const strategy = strategies.find((s) => s.name === config.strategy);
  const set = <K extends keyof RunConfig>(key: K, value: RunConfig[K]) => onChange({ ...config, [key]: value });
  return (
    <div className="backtest-form">
      <label>
        Strategy
        <select
          data-testid="backtest-strategy"
          value={config.strategy}
          onChange={(e) => {
            const next = strategies.find((s) => s.name === e.target.value);
            onChange({ ...config, strategy: e.target.value, params: defaultParams(next) });
          }}
        >
          {strategies.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {strategy ? <div className="backtest-hint">{strategy.description}</div> : null}
      {strategy?.params.map((p) => (
        <label key={p.name} title={p.description}>
          {p.name}
          {p.kind === 'enum' ? (
            <select data-testid={`backtest-param-${p.name}`} value={config.params[p.name] ?? p.default} onChange={(e) => set('params', { ...config.params, [p.name]: e.target.value })}>
              {p.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : p.kind === 'boolean' ? (
            <input type="checkbox" data-testid={`backtest-param-${p.name}`} checked={(config.params[p.name] ?? String(p.default)) === 'true'} onChange={(e) => set('params', { ...config.params, [p.name]: String(e.target.checked) })} />
          ) : (
            <input
              type="number"
              data-testid={`backtest-param-${p.name}`}
              min={p.min}
              max={p.max}
              step={p.integer ? 1 : 'any'}
              value={config.params[p.name] ?? String(p.default)}
              onChange={(e) => set('params', { ...config.params, [p.name]: e.target.value })}
            />
          )}
        </label>
      ))}
      <fieldset>
        <legend>Data</legend>
        <label>
          <input type="radio" name="bt-data" data-testid="backtest-data-symbol" checked={config.dataKind === 'symbol'} onChange={() => set('dataKind', 'symbol')} /> symbol from history
        </label>
        <label>
          <input type="radio" name="bt-data" data-testid="backtest-data-file" checked={config.dataKind === 'file'} onChange={() => set('dataKind', 'file')} /> CSV file on the host
        </label>
        {config.dataKind === 'symbol' ? (
          <>
            <input data-testid="backtest-symbol" placeholder="Symbol, e.g. ORCL" value={config.symbol} onChange={(e) => set('symbol', e.target.value)} />
            <label>
              Timeframe
              <select data-testid="backtest-timeframe" value={config.timeframe} onChange={(e) => set('timeframe', e.target.value as Timeframe)}>
                {TIMEFRAMES.map((tf) => (
                  <option key={tf}>{tf}</option>
                ))}
              </select>
            </label>
            <CsvImport onImported={(symbol, timeframe) => onChange({ ...config, dataKind: 'symbol', symbol, timeframe })} />
          </>
        ) : (
          <input data-testid="backtest-path" placeholder="/path/to/prices.csv (Yahoo format)" value={config.path} onChange={(e) => set('path', e.target.value)} />
        )}
        <label>
          From <input type="date" data-testid="backtest-from" value={config.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          To <input type="date" data-testid="backtest-to" value={config.to} onChange={(e) => set('to', e.target.value)} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Fills and account</legend>
        <label>
          Market orders fill at
          <select data-testid="backtest-fill" value={config.marketFill} onChange={(e) => set('marketFill', e.target.value as RunConfig['marketFill'])}>
            <option value="next-open">the next bar's open</option>
            <option value="close">the signal bar's close</option>
          </select>
        </label>
        <label>
          Slippage (bps) <input type="number" min={0} data-testid="backtest-slippage" value={config.slippageBps} onChange={(e) => set('slippageBps', e.target.value)} />
        </label>
        <label>
          Commission
          <select data-testid="backtest-commission" value={config.commission} onChange={(e) => set('commission', e.target.value as RunConfig['commission'])}>
            <option value="none">none</option>
            <option value="per-share">per share</option>
            <option value="per-order">per order</option>
            <option value="percent">percent of notional</option>
          </select>
          {config.commission !== 'none' ? <input type="number" min={0} step="any" data-testid="backtest-commission-amount" value={config.commissionAmount} onChange={(e) => set('commissionAmount', e.target.value)} /> : null}
        </label>
        <label>
          <input type="checkbox" checked={config.regulatoryFees} onChange={(e) => set('regulatoryFees', e.target.checked)} /> SEC / FINRA fees on sells
        </label>
        <label>
          Cash <input type="number" min={1} data-testid="backtest-cash" value={config.cash} onChange={(e) => set('cash', e.target.value)} />
        </label>
      </fieldset>
    </div>
  );
}
