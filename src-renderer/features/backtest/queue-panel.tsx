import { useEffect, useState } from 'react';
import type { QueueStatusDto } from '../../../src-shared/ipc/distributed-schemas.js';
import { useClient } from '../../app/client-context.js';
import { setQueueTarget, useQueueTarget } from './queue-target.js';

const REFRESH_MS = 3_000;

/**
 * The research queue: where optimisations run (here, or on `workstation worker` processes fed by Redis) and the
 * workers connected to it now (their heartbeat is at most 15 s old), refreshed every few seconds.
 */
export function QueuePanel() {
  const client = useClient();
  const target = useQueueTarget();
  const [draft, setDraft] = useState(target.url);
  const [status, setStatus] = useState<QueueStatusDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (target.url === '') return;
    let stopped = false;
    const load = () =>
      client.invoke('distributed.status', { url: target.url }).then(
        (s) => {
          if (stopped) return;
          setStatus(s);
          setError(null);
        },
        (e: unknown) => {
          if (stopped) return;
          setStatus(null);
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, target.url]);

  return (
    <section className="panel-section backtest-queue" data-testid="backtest-queue">
      <div className="panel-section-title">Research queue</div>
      <div className="backtest-queue-row">
        <input
          className="input"
          data-testid="backtest-queue-url"
          placeholder="redis://HOST:6379/0 (password: WORKSTATION_REDIS_PASSWORD on the host)"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="button" className="button" data-testid="backtest-queue-connect" onClick={() => setQueueTarget({ url: draft.trim(), enabled: target.enabled && draft.trim() !== '' })}>
          Connect
        </button>
        <label>
          <input
            type="checkbox"
            data-testid="backtest-queue-enabled"
            checked={target.enabled}
            disabled={target.url === ''}
            onChange={(e) => setQueueTarget({ ...target, enabled: e.target.checked })}
          />{' '}
          run optimisations on this queue
        </label>
      </div>
      {error ? <div className="inline-error" data-testid="backtest-queue-error">{error}</div> : null}
      {status ? (
        <div data-testid="backtest-queue-status">
          <div data-testid="backtest-queue-counts">
            queue “{status.queue}” at {status.url}: {status.workers.length} worker(s) connected; {status.counts.waiting} waiting, {status.counts.active} active, {status.counts.failed} failed
          </div>
          {status.workers.length > 0 ? (
            <table className="data-table" data-testid="backtest-queue-workers">
              <thead>
                <tr>
                  <th>Worker</th>
                  <th>Busy</th>
                  <th>Done</th>
                  <th>Failed</th>
                </tr>
              </thead>
              <tbody>
                {status.workers.map((w) => (
                  <tr key={w.id} data-testid="backtest-queue-worker">
                    <td>{w.id}</td>
                    <td>
                      {w.active}/{w.concurrency}
                    </td>
                    <td>{w.done}</td>
                    <td>{w.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="backtest-hint">No worker is connected. Start one with: workstation worker --queue {status.url}</div>
          )}
          {status.runs.map((r) => (
            <div key={r.runId} data-testid="backtest-queue-run">
              run {r.runId} ({r.kind}, from {r.host}): {r.done}/{r.total} jobs done{r.cancelled ? ', cancelled' : ''}
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}
