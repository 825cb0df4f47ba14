import { useEffect, useRef, useState } from 'react';
import type { FiredAlert } from '../../../src-shared/ipc/alerts-schemas.js';
import { formatExchangeTime } from '../../components/format.js';
import { useClient } from '../client-context.js';
import { playAlertTone } from './alert-tone.js';
import { useSetting } from './use-setting.js';
import './alert-toasts.css';

/** Toasts on screen at once: a burst of firings shows the newest and counts the rest. */
const MAX_SHOWN = 4;
/** Toasts kept (shown or counted) until they expire. */
const KEPT = 50;
const SHOW_MS = 10_000;
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

/**
 * Every fired alert as a toast, whatever tab is open (the Alerts tab keeps the full list), with an optional tone
 * (Settings → alerts.sound). In Electron, main also shows a desktop notification and marks the tray.
 */
export function AlertToasts() {
  const client = useClient();
  const sound = useSetting('alerts.sound', isBoolean);
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const [toasts, setToasts] = useState<Array<FiredAlert & { until: number }>>([]);

  useEffect(
    () =>
      client.subscribe('alerts.fired', (items) => {
        if (items.length === 0) return;
        if (soundRef.current) playAlertTone();
        const until = Date.now() + SHOW_MS;
        setToasts((current) => [...items.map((a) => ({ ...a, until })).reverse(), ...current].slice(0, KEPT));
      }),
    [client],
  );

  useEffect(() => {
    if (toasts.length === 0) return;
    const timer = setInterval(() => setToasts((current) => current.filter((t) => t.until > Date.now())), 1_000);
    return () => clearInterval(timer);
  }, [toasts.length]);

  if (toasts.length === 0) return null;
  const hidden = toasts.length - MAX_SHOWN;
  return (
    <div className="alert-toasts" role="log" aria-live="assertive" data-testid="alert-toasts">
      {hidden > 0 ? <div className="alert-toast-more">{hidden} more in the Alerts tab</div> : null}
      {toasts.slice(0, MAX_SHOWN).map((alert) => (
        <button
          key={alert.id}
          type="button"
          className={`alert-toast alert-toast-${alert.kind}`}
          data-testid="alert-toast"
          data-rule-id={alert.ruleId}
          title="Dismiss"
          onClick={() => setToasts((current) => current.filter((t) => t.id !== alert.id))}
        >
          <span className="alert-toast-head">
            <strong>{alert.ruleName}</strong>
            <span className="num alert-toast-time">{formatExchangeTime(alert.at)}</span>
          </span>
          <span className="alert-toast-body">{alert.message}</span>
        </button>
      ))}
    </div>
  );
}
