import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PayloadOf } from '../../../src-shared/ipc/contract.js';
import { useClient } from '../../app/client-context.js';
import { ALGO_KIND_LABELS, EMPTY_ALGO, algoFieldsOf, describeAlgo, validateAlgo, type AlgoField, type AlgoForm } from './algo-form.js';

type AlgoProgress = PayloadOf<'orders.algo'>;
type Outcome = { kind: 'sent' | 'denied' | 'error'; text: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Starts an execution algorithm (TWAP, VWAP, POV, iceberg) as a parent order in main; its children go through the
 * same risk engine and journal as any order. Enter starts (in live mode: Enter arms, Enter again starts), Esc
 * clears. The started parent's progress shows here; the Blotter's Algos panel lists every parent and cancels one.
 */
export function AlgoSection({ live }: { live: boolean }) {
  const client = useClient();
  const [form, setForm] = useState<AlgoForm>(EMPTY_ALGO);
  const [touched, setTouched] = useState<Set<AlgoField>>(new Set());
  const [busy, setBusy] = useState(false);
  const [armed, setArmed] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [startedId, setStartedId] = useState<string>();
  const [progress, setProgress] = useState<AlgoProgress>();
  const kindSelect = useRef<HTMLSelectElement>(null);

  const { request, errors, valid } = useMemo(() => validateAlgo(form), [form]);
  const used = new Set(algoFieldsOf(form.kind));

  useEffect(() => {
    if (!startedId) return undefined;
    return client.subscribe('orders.algo', (items) => {
      const mine = items.filter((p) => p.id === startedId).at(-1);
      if (mine) setProgress(mine);
    });
  }, [client, startedId]);

  const set = <K extends AlgoField>(field: K, value: AlgoForm[K]): void => {
    setForm((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    setOutcome(undefined);
    setArmed(false);
  };
  const shown = (field: AlgoField): string | undefined => (touched.has(field) ? errors[field] : undefined);

  const clear = (): void => {
    setForm(EMPTY_ALGO);
    setTouched(new Set());
    setOutcome(undefined);
    setArmed(false);
    kindSelect.current?.focus();
  };

  const start = async (): Promise<void> => {
    setTouched(new Set(Object.keys(form) as AlgoField[]));
    if (!valid || !request || busy) return;
    if (live && !armed) {
      setArmed(true);
      return;
    }
    setArmed(false);
    setBusy(true);
    try {
      const result = await client.invoke('orders.algoStart', request);
      if (result.ok && result.algo) {
        setStartedId(result.algo.id);
        setProgress(result.algo);
        setOutcome({ kind: 'sent', text: `started ${result.algo.id}: ${describeAlgo(request)}${result.message ? ` (${result.message})` : ''}` });
      } else {
        setOutcome({ kind: 'denied', text: `${result.code ?? 'REFUSED'}: ${result.message ?? 'refused'}` });
      }
    } catch (error) {
      setOutcome({ kind: 'error', text: `algo start failed: ${messageOf(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      clear();
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      event.stopPropagation();
      void start();
    }
  };

  const errorOf = (field: AlgoField | 'form') => {
    const message = field === 'form' ? (touched.size > 0 ? errors.form : undefined) : shown(field);
    return message ? (
      <span className="ticket-error" data-testid={`algo-error-${field}`}>
        {message}
      </span>
    ) : null;
  };
  const text = (field: AlgoField, label: string, placeholder = '', inputMode: 'decimal' | 'numeric' | 'text' = 'decimal') => (
    <label className="ticket-field">
      <span>{label}</span>
      <input
        data-testid={`algo-${field}`}
        aria-invalid={shown(field) ? true : undefined}
        inputMode={inputMode}
        placeholder={placeholder}
        value={form[field]}
        onChange={(e) => set(field, (field === 'symbol' ? e.target.value.toUpperCase() : e.target.value) as never)}
      />
      {errorOf(field)}
    </label>
  );

  return (
    <form className="ticket-form algo-form" onKeyDown={onKeyDown} onSubmit={(e) => e.preventDefault()} aria-label="Execution algorithm" data-testid="algo-section">
      <h2 className="algo-title">Algo</h2>
      <div className="ticket-row">
        <label className="ticket-field">
          <span>Algorithm</span>
          <select ref={kindSelect} data-testid="algo-kind" value={form.kind} onChange={(e) => set('kind', e.target.value as AlgoForm['kind'])}>
            {ALGO_KIND_LABELS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {text('symbol', 'Symbol', 'AAPL', 'text')}
        <fieldset className="ticket-side" aria-label="Algo side">
          {(['buy', 'sell'] as const).map((side) => (
            <label key={side} className={`side-${side} ${form.side === side ? 'selected' : ''}`}>
              <input type="radio" name="algo-side" data-testid={`algo-side-${side}`} checked={form.side === side} onChange={() => set('side', side)} />
              {side.toUpperCase()}
            </label>
          ))}
        </fieldset>
        {text('qty', 'Total shares', '100', 'numeric')}
        {text('limitPrice', form.kind === 'iceberg' ? 'Limit price' : 'Limit price (blank: market)')}
      </div>
      <div className="ticket-row">
        {used.has('durationMin') ? text('durationMin', 'Duration (minutes)', '30') : null}
        {used.has('slices') ? text('slices', 'Slices', '10', 'numeric') : null}
        {used.has('profile') ? text('profile', 'Volume profile (weight per slice; blank: past days)', '3, 2, 1, 2, 3', 'text') : null}
        {used.has('participationPct') ? text('participationPct', 'Share of volume (%)', '10') : null}
        {used.has('displayQty') ? text('displayQty', 'Shown at once (shares)', '100', 'numeric') : null}
      </div>
      {errorOf('form')}
      <div className="ticket-actions">
        <button type="button" className={`send-${form.side}`} data-testid="algo-start" disabled={busy} onClick={() => void start()}>
          {live ? (armed ? 'Start LIVE algo: confirm (Enter)' : 'Start LIVE algo… (Enter)') : 'Start algo (Enter)'}
        </button>
        <button type="button" data-testid="algo-clear" onClick={clear}>
          Clear (Esc)
        </button>
        {armed ? <span className="ticket-hint">live money: press Enter again to start this algo</span> : null}
      </div>
      {outcome ? (
        <div className={`ticket-outcome outcome-${outcome.kind}`} data-testid="algo-outcome" role="status">
          {outcome.text}
        </div>
      ) : null}
      {progress ? (
        <div className="algo-progress" data-testid="algo-progress" data-status={progress.status}>
          <progress max={progress.targetQty} value={progress.filledQty} aria-label="filled of the parent quantity" />
          <span data-testid="algo-progress-text">
            {progress.status}: {progress.filledQty} / {progress.targetQty} filled, {progress.childrenSent} children sent, {progress.openChildren} working
            {progress.reason ? ` (${progress.reason})` : ''}
          </span>
        </div>
      ) : null}
    </form>
  );
}
