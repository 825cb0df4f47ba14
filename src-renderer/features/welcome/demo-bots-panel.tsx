import { useCallback, useEffect, useState } from 'react';
import type { DemoBotsDto } from '../../../src-shared/ipc/bots-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useOpenTab } from '../../app/dock/tab-opener.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';

const dollars = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * What the demo start set running: each demo bot with its strategy, capital and state, one button that stops them
 * all (they stay in the Bots tab, stopped) and the way to the Bots tab. Shown only where a demo set was created.
 */
export function DemoBotsPanel() {
  const client = useClient();
  const open = useOpenTab();
  const [set, setSet] = useState<DemoBotsDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useLoadOnConnect((c) => c.invoke('bots.demoSet', {}), setSet, setError);
  const reload = useCallback(() => {
    client.invoke('bots.demoSet', {}).then(setSet, (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)));
  }, [client]);
  // A demo bot starting, stopping or being deleted elsewhere (the Bots tab) shows here too.
  useEffect(() => client.subscribe('bots.state', reload), [client, reload]);

  if (!set || !set.offered || set.bots.length === 0) return null;
  const running = set.bots.filter((b) => b.state === 'running' || b.state === 'starting');
  const stop = () => {
    setBusy(true);
    client
      .invoke('bots.stopDemo', {})
      .then(setSet, (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="welcome-demo-bots" data-testid="welcome-demo-bots">
      <h2 className="panel-section-title">Demo bots</h2>
      <p>
        {running.length > 0
          ? `To show the workstation at work, ${running.length} demo bot${running.length === 1 ? '' : 's'} trade${running.length === 1 ? 's' : ''} the demo account, one per strategy family, each with a share of it as capital. Their orders go through the risk engine like yours.`
          : 'The demo bots are stopped. Start or delete them in the Bots tab; they are not created again.'}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th>Bot</th>
            <th>Strategy</th>
            <th>Capital</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {set.bots.map((bot) => (
            <tr key={bot.id} data-testid="welcome-demo-bot" data-bot-name={bot.name} data-state={bot.state}>
              <td>{bot.name}</td>
              <td>{bot.strategy}</td>
              <td className="num">{dollars.format(Number(bot.allocation))}</td>
              <td>{bot.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="welcome-demo-actions">
        <button type="button" className="button" data-testid="welcome-stop-demo-bots" disabled={busy || running.length === 0} onClick={stop}>
          Stop demo bots
        </button>
        <button type="button" className="toolbar-button" data-testid="welcome-open-bots" onClick={() => open('bots')}>
          Open the Bots tab
        </button>
      </div>
      {error ? (
        <p className="inline-error" role="alert" data-testid="welcome-demo-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
