import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TradingMode } from '../../../src-shared/domain/mode.js';
import { LIVE_CONFIRMATION_PHRASE, type TradingStatus } from '../../../src-shared/ipc/trading-schemas.js';
import { useClient } from '../../app/client-context.js';

const MODES: ReadonlyArray<{ mode: TradingMode; label: string; hint: string }> = [
  { mode: 'demo', label: 'Demo', hint: 'the local exchange with a synthetic market; no keys, no real orders' },
  { mode: 'paper', label: 'Paper', hint: "Alpaca's paper account with your paper keys; simulated money" },
  { mode: 'live', label: 'Live', hint: 'your Alpaca brokerage account with your live keys: REAL MONEY' },
];

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Where the workstation trades. Paper and live need their keys stored first; live needs the phrase typed every
 * session (also after a restart in live mode). The window reloads once main has switched.
 */
export function TradingModeForm({ status }: { status: TradingStatus | null }) {
  const client = useClient();
  const [choice, setChoice] = useState<TradingMode | null>(null);
  const [phrase, setPhrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const phraseInput = useRef<HTMLInputElement>(null);
  const selected = choice ?? status?.mode ?? 'demo';
  const liveLocked = status?.mode === 'live' && !status.liveConfirmed;
  const needsPhrase = selected === 'live' && (status?.mode !== 'live' || liveLocked);
  const unchanged = status !== null && selected === status.mode && !liveLocked;
  const keysMissing = selected !== 'demo' && status !== null && !status.keys[selected];

  useEffect(() => {
    if (needsPhrase) phraseInput.current?.focus();
  }, [needsPhrase]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await client.invoke('trading.setMode', { mode: selected, ...(needsPhrase ? { confirmation: phrase } : {}) });
      setPhrase('');
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="settings-form trading-mode-form" onSubmit={(e) => void submit(e)} data-testid="trading-mode-form">
      <p className="muted" data-testid="trading-mode-now">
        {status
          ? `Trading now in ${status.mode.toUpperCase()} mode${status.tradingHost ? ` at ${status.tradingHost}` : ' on the local exchange'}; the next start uses ${status.storedMode}.`
          : 'Loading…'}
      </p>
      {status?.notice ? (
        <p className="inline-warning" data-testid="trading-mode-notice">
          {status.notice}
        </p>
      ) : null}
      <fieldset className="trading-mode-choices" disabled={busy || status?.switching}>
        <legend>Mode</legend>
        {MODES.map(({ mode, label, hint }) => (
          <label key={mode} className={`trading-mode-choice trading-mode-${mode}`}>
            <input type="radio" name="trading-mode" value={mode} checked={selected === mode} onChange={() => setChoice(mode)} data-testid={`trading-mode-${mode}`} />
            <span>
              <strong>{label}</strong> — {hint}
              {mode !== 'demo' && status && !status.keys[mode] ? <em> (no {mode} keys stored)</em> : null}
            </span>
          </label>
        ))}
      </fieldset>
      {needsPhrase ? (
        <div className="live-confirm-box" role="alert" data-testid="trading-live-confirm">
          <p>
            Live mode sends real orders to your brokerage account with real money. Type <strong>{LIVE_CONFIRMATION_PHRASE}</strong> to confirm.
          </p>
          <label>
            Confirmation
            <input ref={phraseInput} value={phrase} onChange={(e) => setPhrase(e.target.value)} autoComplete="off" spellCheck={false} data-testid="trading-live-phrase" />
          </label>
        </div>
      ) : null}
      {keysMissing ? <p className="inline-error">Store the {selected} key id and secret below before switching.</p> : null}
      {error ? (
        <p className="inline-error" data-testid="trading-mode-error">
          {error}
        </p>
      ) : null}
      <div className="settings-actions">
        <button
          type="submit"
          className={selected === 'live' ? 'danger' : undefined}
          disabled={busy || unchanged || keysMissing || (needsPhrase && phrase !== LIVE_CONFIRMATION_PHRASE) || status?.switching}
          data-testid="trading-mode-switch"
        >
          {busy || status?.switching ? 'Switching…' : liveLocked && selected === 'live' ? 'Unlock live trading' : `Switch to ${selected}`}
        </button>
      </div>
    </form>
  );
}
