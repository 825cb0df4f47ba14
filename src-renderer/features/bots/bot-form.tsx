import { useEffect, useRef, useState, type FormEvent } from 'react';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import type { StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import type { UniverseDto } from '../../../src-shared/ipc/bot-detail-schemas.js';
import { useClient } from '../../app/client-context.js';
import { botRequestOf, defaultParams, emptyForm, type BotForm } from './bot-form-model.js';
import { FAMILY_GROUPS } from './families.js';
import { ProtectionsFields } from './protections-fields.js';

/**
 * A new bot: any strategy of the registry (grouped by family) and its parameters (fields from its schema), a universe
 * or typed symbols, timeframe, capital allocation, protections and a name. Every field is a native control with a
 * label; Enter in a field creates the bot; a problem is said in words and the field it is about takes the focus.
 */
export function BotFormPanel({ strategies, universes, onBots }: { strategies: readonly StrategyInfoDto[]; universes: readonly UniverseDto[]; onBots: (bots: BotDto[]) => void }) {
  const client = useClient();
  const [form, setForm] = useState<BotForm>(() => emptyForm(strategies[0]));
  const [universe, setUniverse] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const strategy = strategies.find((s) => s.name === form.strategy);
  const symbolCount = new Set(form.symbols.split(/[\s,]+/).filter(Boolean)).size;

  // The strategies arrive after the first render: start from the first one's defaults.
  useEffect(() => {
    if (!strategy && strategies[0]) setForm((f) => ({ ...f, strategy: strategies[0]!.name, params: defaultParams(strategies[0]) }));
  }, [strategies, strategy]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const { body, error: problem, field } = botRequestOf(form, strategy);
    if (!body) {
      setError(problem ?? 'invalid');
      if (field) formRef.current?.querySelector<HTMLElement>(`[data-testid="bot-${field}"]`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onBots((await client.invoke('bots.save', body)).bots);
      setForm((f) => ({ ...f, name: '', symbols: '' }));
      setUniverse('');
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="bot-form" ref={formRef} noValidate onSubmit={(e) => void submit(e)} data-testid="bot-form">
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
          {FAMILY_GROUPS.map((g) => {
            const members = strategies.filter((s) => (s.family ?? 'stock') === g.family);
            return members.length === 0 ? null : (
              <optgroup key={g.family} label={g.label}>
                {members.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
      </label>
      {strategy ? (
        <div className="bot-strategy-description muted" data-testid="bot-strategy-description">
          {strategy.description}
          {(strategy.minSymbols ?? 1) > 1 ? ` (at least ${strategy.minSymbols} symbols)` : ''}
        </div>
      ) : null}
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
      <label title="A named list of symbols: the demo exchange's whole market, or one of your watchlists. It fills Symbols, which you may still edit.">
        Universe
        <select
          data-testid="bot-universe"
          value={universe}
          onChange={(e) => {
            setUniverse(e.target.value);
            const chosen = universes.find((u) => u.id === e.target.value);
            if (chosen) setForm((f) => ({ ...f, symbols: chosen.symbols.join(', ') }));
          }}
        >
          <option value="">symbols typed below</option>
          {universes.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.symbols.length} symbols)
            </option>
          ))}
        </select>
      </label>
      <label className="bot-symbols">
        Symbols ({symbolCount})
        <input
          data-testid="bot-symbols"
          value={form.symbols}
          onChange={(e) => {
            setUniverse('');
            setForm((f) => ({ ...f, symbols: e.target.value }));
          }}
          placeholder="AAPL, MSFT"
          spellCheck={false}
        />
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
      <ProtectionsFields value={form.protections} set={(update) => setForm((f) => ({ ...f, protections: update(f.protections) }))} />
      <label>
        Name
        <input data-testid="bot-name" value={form.name} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} placeholder={strategy ? `${strategy.name} …` : ''} />
      </label>
      <button className="button" type="submit" data-testid="bot-create" disabled={busy || !strategy}>
        Create bot
      </button>
      {error ? (
        <div className="inline-error" role="alert" data-testid="bot-form-error">
          {error}
        </div>
      ) : null}
    </form>
  );
}
