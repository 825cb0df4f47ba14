import { useState, type FormEvent } from 'react';
import type { AllocationLimitsDto, AllocationViewDto } from '../../../src-shared/ipc/allocation-schemas.js';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { useClient } from '../../app/client-context.js';
import { usePoll } from '../../hooks/use-poll.js';
import { formatExchangeTime } from '../../components/format.js';

/** The weights change once a session: a slow poll is enough to see the close's result. */
const ALLOCATION_EVERY_MS = 5_000;
/** Closes shown in the table, newest first. */
const DAYS_SHOWN = 20;

interface FormText {
  enabled: boolean;
  method: AllocationLimitsDto['method'];
  minPct: string;
  maxPct: string;
  total: string;
}

const textOf = (l: AllocationLimitsDto): FormText => ({ enabled: l.enabled, method: l.method, minPct: String(+(l.minWeight * 100).toFixed(2)), maxPct: String(+(l.maxWeight * 100).toFixed(2)), total: String(l.totalCapital) });

/**
 * Meta-allocation: the trader's limits (on/off, the bandit, each bot's smallest and largest share, the capital split
 * across the running bots) and the weights each session close gave the bots, newest first. A bandit decides: EXP3 or
 * Thompson sampling on each bot's risk-adjusted day return. The new allocations go through the same path as a
 * trader's change; a bot left holding more than its new allocation is not sold down, it only cannot buy more.
 */
export function AllocationPanel({ bots }: { bots: readonly BotDto[] }) {
  const client = useClient();
  const [view, setView] = useState<AllocationViewDto | null>(null);
  const [form, setForm] = useState<FormText | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  usePoll(
    (c) => c.invoke('bots.allocation', { limit: DAYS_SHOWN }),
    (v) => {
      setView(v);
      setForm((f) => f ?? textOf(v.limits));
    },
    ALLOCATION_EVERY_MS,
    'allocation',
    setProblem,
  );

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!form) return;
    const minWeight = Number(form.minPct) / 100;
    const maxWeight = Number(form.maxPct) / 100;
    const totalCapital = Number(form.total);
    if (!(minWeight >= 0.01 && minWeight <= 1)) return setProblem('Min weight must be a percentage from 1 to 100');
    if (!(maxWeight >= minWeight && maxWeight <= 1)) return setProblem('Max weight must be a percentage from the min weight to 100');
    if (!(totalCapital > 0)) return setProblem('Total capital must be dollars above 0');
    setProblem(null);
    try {
      const next = await client.invoke('bots.setAllocationLimits', { enabled: form.enabled, method: form.method, minWeight, maxWeight, totalCapital });
      setView(next);
      setForm(textOf(next.limits));
      setSaved(true);
    } catch (reason) {
      setProblem(reason instanceof Error ? reason.message : String(reason));
    }
  };

  const nameOf = (id: string) => bots.find((b) => b.id === id)?.name ?? id;
  const days = [...(view?.days ?? [])].reverse();
  // Columns in the bots' own order (as listed above); a bot deleted since comes last, under its id.
  const rank = (id: string) => {
    const at = bots.findIndex((b) => b.id === id);
    return at < 0 ? bots.length : at;
  };
  const ids = [...new Set(days.flatMap((d) => d.rows.map((r) => r.botId)))].sort((a, b) => rank(a) - rank(b));
  const set = (patch: Partial<FormText>) => {
    setSaved(false);
    setForm((f) => (f ? { ...f, ...patch } : f));
  };

  return (
    <div className="allocation-panel" data-testid="allocation-panel">
      {form ? (
        <form className="bot-form allocation-form" noValidate onSubmit={(e) => void submit(e)} data-testid="allocation-form">
          <label>
            <input type="checkbox" data-testid="allocation-enabled" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Reallocate daily
          </label>
          <label title="EXP3: exponential weights with exploration. Thompson sampling: a bot's weight is the chance it is the best.">
            Bandit
            <select data-testid="allocation-method" value={form.method} onChange={(e) => set({ method: e.target.value as FormText['method'] })}>
              <option value="thompson">Thompson sampling</option>
              <option value="exp3">EXP3</option>
            </select>
          </label>
          <label>
            Min weight %
            <input data-testid="allocation-min" inputMode="decimal" value={form.minPct} onChange={(e) => set({ minPct: e.target.value })} />
          </label>
          <label>
            Max weight %
            <input data-testid="allocation-max" inputMode="decimal" value={form.maxPct} onChange={(e) => set({ maxPct: e.target.value })} />
          </label>
          <label title="Dollars split across the running bots at each session close">
            Total capital
            <input data-testid="allocation-total" inputMode="decimal" value={form.total} onChange={(e) => set({ total: e.target.value })} />
          </label>
          <button className="button" type="submit" data-testid="allocation-save">
            Save limits
          </button>
          {saved ? <span className="muted" data-testid="allocation-saved">Saved</span> : null}
        </form>
      ) : null}
      {problem ? (
        <div className="inline-error" role="alert" data-testid="allocation-error">
          {problem}
        </div>
      ) : null}
      <div className="muted">
        At each session close, with two or more bots running, a bandit ({view?.limits.method === 'exp3' ? 'EXP3' : 'Thompson sampling'}) on each bot&apos;s risk-adjusted day return sets its allocation within these limits. A bot holding more than its new allocation is not sold down: it cannot buy until it fits.
      </div>
      {days.length === 0 ? (
        <div className="muted" data-testid="allocation-empty">No reallocation yet.</div>
      ) : (
        <table className="bots-list allocation-weights" data-testid="allocation-weights">
          <thead>
            <tr>
              <th>Close</th>
              {ids.map((id) => (
                <th key={id} className="num">
                  {nameOf(id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date} data-testid="allocation-day" data-date={d.date}>
                <td>
                  {d.date} <span className="muted">{formatExchangeTime(d.t)}</span>
                </td>
                {ids.map((id) => {
                  const r = d.rows.find((x) => x.botId === id);
                  return (
                    <td key={id} className="num" data-testid="allocation-weight" data-bot={id} data-weight={r?.weight ?? ''} title={r ? `allocation ${r.newAllocation}; day return ${r.dayReturn === null ? 'none yet' : `${(r.dayReturn * 100).toFixed(2)}%`}` : 'not running'}>
                      {r ? (
                        <>
                          <span className="allocation-bar" style={{ width: `${Math.round(r.weight * 60)}px` }} /> {(r.weight * 100).toFixed(1)}% <span className="muted">{r.newAllocation}</span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
