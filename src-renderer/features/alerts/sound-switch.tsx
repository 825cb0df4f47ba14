import { useEffect, useState } from 'react';
import { useClient } from '../../app/client-context.js';

/** The alert tone, on or off for every window (a renderer setting stored in main). */
export function SoundSwitch() {
  const client = useClient();
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.invoke('settings.get', { key: 'alerts.sound' }).then(
      (reply) => live && setOn(reply.value === true),
      (reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      live = false;
    };
  }, [client]);
  const change = (next: boolean): void => {
    // Shown at once (a checkbox that lags its click reads as broken); put back if main refuses.
    setOn(next);
    setError(null);
    client.invoke('settings.set', { key: 'alerts.sound', value: next }).catch((reason: unknown) => {
      setOn(!next);
      setError(reason instanceof Error ? reason.message : String(reason));
    });
  };
  return (
    <label className="alert-sound">
      <input type="checkbox" data-testid="alert-sound" checked={on === true} disabled={on === null} onChange={(e) => change(e.target.checked)} />
      Play a tone with each alert toast
      {error ? <span className="inline-error">{error}</span> : null}
    </label>
  );
}
