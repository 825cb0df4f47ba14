import { useEffect, useState, type FormEvent } from 'react';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import type { StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';
import { botRequestOf, defaultParams, emptyForm, type BotForm } from './bot-form-model.js';

/** A new bot: strategy and its parameters (fields from the strategy's schema), symbols, timeframe, name. Enter creates it. */
export function BotFormPanel({ strategies, onBots }: { strategies: readonly StrategyInfoDto[]; onBots: (bots: BotDto[]) => void }) {
  const client = useClient();
  const [form, setForm] = useState<BotForm>(() => emptyForm(strategies[0]));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const strategy = strategies.find((s) => s.name === form.strategy);

  // The strategies arrive after the first render: start from the first one's defaults.
  useEffect(() => {
    if (!strategy && strategies[0]) setForm((f) => ({ ...f, strategy: strategies[0]!.name, params: defaultParams(strategies[0]) }));
  }, [strategies, strategy]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const { body, error: problem } = botRequestOf(form, strategy);
    if (!body) {
      setError(problem ?? 'invalid');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onBots((await client.invoke('bots.save', body)).bots);
      setForm((f) => ({ ...f, name: '', symbols: '' }));
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="bot-form" noValidate onSubmit={(e) => void submit(e)} data-testid="bot-form">
      <label>
        Strategy
        <select
          data-testid="bot-strategy"
          value={form.strategy}
          onChange={(e) => {
            const next = strategies.find((s) => s.name === e.target.value);
            setForm((f) => ({ ...f, strategy: e.target.value, params: defaultParams(next) }));
          }}
        >
          {strategies.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {strategy?.params.map((p) => (
        <label key={p.name} title={p.description}>
          {p.name}
          {p.kind === 'enum' ? (
            <select data-testid={`bot-param-${p.name}`} value={form.params[p.name] ?? p.default} onChange={(e) => setForm((f) => ({ ...f, params: { ...f.params, [p.name]: e.target.value } }))}>
              {p.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : p.kind === 'boolean' ? (
            <input
              type="checkbox"
              data-testid={`bot-param-${p.name}`}
              checked={(form.params[p.name] ?? String(p.default)) === 'true'}
              onChange={(e) => setForm((f) => ({ ...f, params: { ...f.params, [p.name]: String(e.target.checked) } }))}
            />
          ) : (
            <input
              type="number"
              data-testid={`bot-param-${p.name}`}
              min={p.min}
              max={p.max}
              step={p.integer ? 1 : 'any'}
              value={form.params[p.name] ?? String(p.default)}
              onChange={(e) => setForm((f) => ({ ...f, params: { ...f.params, [p.name]: e.target.value } }))}
            />
          )}
        </label>
      ))}
      <label>
        Symbols
        <input data-testid="bot-symbols" value={form.symbols} onChange={(e) => setForm((f) => ({ ...f, symbols: e.target.value }))} placeholder="AAPL, MSFT" spellCheck={false} />
      </label>
      <label>
        Timeframe
        <select data-testid="bot-timeframe" value={form.timeframe} onChange={(e) => setForm((f) => ({ ...f, timeframe: e.target.value as Timeframe | '' }))}>
          <option value="">strategy's ({strategy?.timeframe ?? '—'})</option>
          {TIMEFRAMES.map((tf) => (
            <option key={tf} value={tf}>
              {tf}
            </option>
          ))}
        </select>
      </label>
      <label title="Dollars of the account this bot may have in use: the cost of what it holds plus its working buys">
        Allocation $
        <input data-testid="bot-allocation" inputMode="decimal" value={form.allocation} onChange={(e) => setForm((f) => ({ ...f, allocation: e.target.value }))} placeholder="10000" />
      </label>
      <label>
        Name
        <input data-testid="bot-name" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} placeholder={strategy ? `${strategy.name} …` : ''} />
      </label>
      <button className="button" type="submit" data-testid="bot-create" disabled={busy || !strategy}>
        Create bot
      </button>
      {error ? (
        <div className="inline-error" data-testid="bot-form-error">
          {error}
        </div>
      ) : null}
    </form>
  );
}
