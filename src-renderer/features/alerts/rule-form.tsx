import { useState, type FormEvent } from 'react';
import { ALERT_KINDS, defaultCooldownSeconds, type AlertCondition, type AlertKind, type AlertRule } from '../../../src-shared/ipc/alerts-schemas.js';
import { useClient } from '../../app/client-context.js';
import { EMPTY_INDICATOR_DRAFT, IndicatorFields, indicatorCondition, type IndicatorDraft } from './indicator-fields.js';

const KIND_LABEL: Record<AlertKind, string> = {
  'price-above': 'Price crosses above',
  'price-below': 'Price crosses below',
  'percent-move': 'Percent move',
  'order-filled': 'Order filled',
  'order-rejected': 'Order rejected',
  'risk-state': 'Risk state change',
  'data-stale': 'Data stale',
  disconnect: 'Disconnect',
  'bot-error': 'Bot error or pause',
  indicator: 'Indicator crosses a level',
};
const needsSymbol = (kind: AlertKind): boolean => kind === 'price-above' || kind === 'price-below' || kind === 'percent-move' || kind === 'data-stale' || kind === 'indicator';

function buildCondition(kind: Exclude<AlertKind, 'indicator'>, symbol: string, level: string, percent: string, windowMinutes: string): AlertCondition {
  switch (kind) {
    case 'price-above':
    case 'price-below':
      return { kind, symbol, level: Number(level) };
    case 'percent-move':
      return { kind, symbol, percent: Number(percent), windowMinutes: Number(windowMinutes) };
    case 'data-stale':
      return { kind, symbol };
    default:
      return { kind };
  }
}

/**
 * A new rule: what to watch, how often it may fire (once, or again after a cooldown), a name, and an optional
 * webhook. Main checks every field against the contract.
 */
export function RuleForm({ onRules }: { onRules: (rules: AlertRule[]) => void }) {
  const client = useClient();
  const [kind, setKind] = useState<AlertKind>('price-above');
  const [name, setName] = useState('');
  const [symbol, setSymbol] = useState('');
  const [level, setLevel] = useState('');
  const [percent, setPercent] = useState('1');
  const [windowMinutes, setWindowMinutes] = useState('5');
  const [webhook, setWebhook] = useState('');
  const [repeat, setRepeat] = useState<AlertRule['repeat']>('cooldown');
  /** Blank: the kind's default (five minutes for market conditions, none for order and risk events). */
  const [cooldown, setCooldown] = useState('');
  const [indicatorDraft, setIndicatorDraft] = useState<IndicatorDraft>(EMPTY_INDICATOR_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const condition = kind === 'indicator' ? indicatorCondition(symbol, indicatorDraft) : buildCondition(kind, symbol, level, percent, windowMinutes);
      const { rules } = await client.invoke('alerts.saveRule', {
        name: name.trim() || KIND_LABEL[kind],
        condition,
        webhookUrl: webhook.trim() ? webhook.trim() : null,
        repeat,
        ...(repeat === 'cooldown' && cooldown.trim() !== '' ? { cooldownSeconds: Number(cooldown) } : {}),
      });
      onRules(rules);
      setName('');
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="alert-form" onSubmit={(e) => void submit(e)} data-testid="alert-form">
      <label>
        When
        <select data-testid="alert-kind" value={kind} onChange={(e) => setKind(e.target.value as AlertKind)}>
          {ALERT_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      {needsSymbol(kind) ? (
        <label>
          Symbol
          <input data-testid="alert-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="AAPL" spellCheck={false} />
        </label>
      ) : null}
      {kind === 'price-above' || kind === 'price-below' ? (
        <label>
          Level
          <input data-testid="alert-level" value={level} onChange={(e) => setLevel(e.target.value)} inputMode="decimal" />
        </label>
      ) : null}
      {kind === 'percent-move' ? (
        <>
          <label>
            Percent
            <input data-testid="alert-percent" value={percent} onChange={(e) => setPercent(e.target.value)} inputMode="decimal" />
          </label>
          <label>
            Within (min)
            <input data-testid="alert-window" value={windowMinutes} onChange={(e) => setWindowMinutes(e.target.value)} inputMode="numeric" />
          </label>
        </>
      ) : null}
      {kind === 'indicator' ? <IndicatorFields draft={indicatorDraft} onChange={setIndicatorDraft} /> : null}
      <label>
        Fires
        <select data-testid="alert-repeat" value={repeat} onChange={(e) => setRepeat(e.target.value as AlertRule['repeat'])}>
          <option value="cooldown">again after a cooldown</option>
          <option value="once">once, then turns off</option>
        </select>
      </label>
      {repeat === 'cooldown' ? (
        <label>
          Cooldown (s)
          <input data-testid="alert-cooldown" value={cooldown} onChange={(e) => setCooldown(e.target.value)} inputMode="numeric" placeholder={String(defaultCooldownSeconds(kind))} size={6} />
        </label>
      ) : null}
      <label>
        Name
        <input data-testid="alert-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={KIND_LABEL[kind]} />
      </label>
      <label>
        Webhook (optional)
        <input data-testid="alert-webhook" value={webhook} onChange={(e) => setWebhook(e.target.value)} placeholder="https://…" spellCheck={false} />
      </label>
      <button className="button" type="submit" data-testid="alert-create" disabled={busy}>
        Create alert
      </button>
      {error ? (
        <div className="inline-error" data-testid="alert-form-error">
          {error}
        </div>
      ) : null}
    </form>
  );
}
