import { useState, type FormEvent } from 'react';
import { useClient } from '../../app/client-context.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';
import { fromField, RISK_FIELDS, toField, usedShare, type RiskLimitKey, type RiskLimitsReply } from './risk-limits-model.js';

type Draft = Record<RiskLimitKey, string>;

const draftOf = (reply: RiskLimitsReply): Draft => Object.fromEntries(RISK_FIELDS.map((f) => [f.key, toField(f.key, reply.limits[f.key])])) as Draft;

/**
 * The risk limits every order passes (the ticket's, a bot's, an algo's child), with how much of each the account
 * uses now. Saved in main, applied at the next order; a limit reached puts trading in reduce-only.
 */
export function RiskLimitsForm() {
  const client = useClient();
  const [reply, setReply] = useState<RiskLimitsReply>();
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const take = (next: RiskLimitsReply): void => {
    setReply(next);
    setDraft(draftOf(next));
  };
  useLoadOnConnect((c) => c.invoke('risk.limits', {}), take, setError);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const limits = Object.fromEntries(RISK_FIELDS.map((f) => [f.key, fromField(f.key, draft[f.key])])) as RiskLimitsReply['limits'];
      take(await client.invoke('risk.setLimits', limits));
      setSaved(true);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };

  if (!reply || !draft) return <p className="muted">{error ?? 'Loading…'}</p>;
  return (
    <form className="risk-limits" onSubmit={(e) => void save(e)} data-testid="risk-limits-form">
      <table className="data-table risk-table">
        <thead>
          <tr>
            <th>Limit</th>
            <th>Value</th>
            <th>In use now</th>
            <th>Default</th>
          </tr>
        </thead>
        <tbody>
          {RISK_FIELDS.map((f) => {
            const share = usedShare(f.key, reply.limits, reply.usage);
            return (
              <tr key={f.key} data-testid={`risk-row-${f.key}`}>
                <td>{f.label}</td>
                <td>
                  <span className="risk-input">
                    {f.unit === 'dollars' ? '$' : ''}
                    <input data-testid={`risk-${f.key}`} value={draft[f.key]} inputMode="decimal" size={10} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} />
                    {f.unit === 'percent' ? '%' : ''}
                  </span>
                </td>
                <td>
                  <span className="risk-usage">
                    {share !== null ? (
                      <span className={`risk-bar${share >= 1 ? ' over' : share >= 0.8 ? ' near' : ''}`} aria-hidden="true">
                        <span style={{ width: `${Math.min(100, Math.max(0, share * 100))}%` }} />
                      </span>
                    ) : null}
                    <span data-testid={`risk-usage-${f.key}`}>{f.usage(reply.usage)}</span>
                  </span>
                </td>
                <td className="muted num">{toField(f.key, reply.defaults[f.key])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {reply.usage.note ? <p className="muted" data-testid="risk-usage-note">{reply.usage.note}</p> : null}
      <div className="settings-actions">
        <button className="button" type="submit" data-testid="risk-save" disabled={busy}>
          Save limits
        </button>
        <button className="button" type="button" data-testid="risk-reset" disabled={busy} onClick={() => setDraft(draftOf({ ...reply, limits: reply.defaults }))}>
          Defaults
        </button>
        {saved ? <span className="muted" data-testid="risk-saved">saved: the next order is checked against these</span> : null}
      </div>
      {error ? (
        <div className="inline-error" data-testid="risk-error">
          {error}
        </div>
      ) : null}
    </form>
  );
}
