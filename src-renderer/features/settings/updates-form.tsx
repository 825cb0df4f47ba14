import { useEffect, useState } from 'react';
import { useClient } from '../../app/client-context.js';

/** The auto-update switch: off by default; takes effect at the next start of the installed app. */
export function UpdatesForm() {
  const client = useClient();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .invoke('settings.get', { key: 'updates.autoCheck' })
      .then((reply) => live && setEnabled(reply.value === true))
      .catch((reason: unknown) => live && setError(reason instanceof Error ? reason.message : String(reason)));
    return () => {
      live = false;
    };
  }, [client]);

  const change = (next: boolean): void => {
    setError(null);
    client.invoke('settings.set', { key: 'updates.autoCheck', value: next }).then(
      () => setEnabled(next),
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
  };

  return (
    <div className="settings-form" data-testid="updates-form">
      <label className="trading-mode-choice">
        <input type="checkbox" checked={enabled === true} disabled={enabled === null} onChange={(e) => change(e.target.checked)} data-testid="updates-auto-check" />
        <span>Check for a new version when the installed app starts (downloads in the background, installs when you quit)</span>
      </label>
      {error ? <p className="inline-error">{error}</p> : null}
    </div>
  );
}
