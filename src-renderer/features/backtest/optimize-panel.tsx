import { useState } from 'react';
import type { OptimizeResultDto, RunRequest, StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';
import { EquityChart } from './equity-chart.js';
import { num, parseAxis, pct } from './format.js';
import { HeatmapChart } from './heatmap-chart.js';
import { ProgressLine } from './progress-line.js';
import { queueForJobs } from './queue-target.js';
import { useJob } from './use-job.js';

const OBJECTIVES = ['sharpe', 'sortino', 'calmar', 'totalReturn', 'cagr', 'profitFactor', 'expectancy'] as const;

/** A grid search (or a walk-forward) over the run's settings, with progress, cancel and the stability heatmap. */
/** How many of the best combinations the result table lists. */
const TOP_ROWS = 20;

type ParamSet = OptimizeResultDto['top'][number]['params'];

export function OptimizePanel({
  strategy,
  body,
  onPick,
}: {
  strategy: StrategyInfoDto | undefined;
  body: () => { body?: Omit<RunRequest, 'jobId'>; error?: string };
  /** A result row was clicked: the run form takes its parameters. */
  onPick: (params: ParamSet) => void;
}) {
  const client = useClient();
  const job = useJob<OptimizeResultDto>();
  const [axes, setAxes] = useState<Record<string, string>>({});
  const [objective, setObjective] = useState<(typeof OBJECTIVES)[number]>('sharpe');
  const [walk, setWalk] = useState(false);
  const [method, setMethod] = useState<'grid' | 'pso' | 'anneal'>('grid');
  const [iterations, setIterations] = useState('20');
  const [population, setPopulation] = useState('16');
  const [inSample, setInSample] = useState('1000');
  const [outOfSample, setOutOfSample] = useState('250');
  const [formError, setFormError] = useState<string | null>(null);
  const numeric = strategy?.params.filter((p) => p.kind === 'number') ?? [];

  const launch = () => {
    const { body: base, error } = body();
    if (!base) return setFormError(error ?? 'invalid settings');
    const grid: Record<string, number[]> = {};
    for (const p of numeric) {
      const text = axes[p.name] ?? '';
      if (text.trim() === '') continue;
      const values = parseAxis(text);
      if (!values) return setFormError(`${p.name}: write FROM:TO:STEP or a list such as 5,10,20`);
      grid[p.name] = values;
    }
    if (Object.keys(grid).length === 0) return setFormError('give values to search for at least one parameter');
    const wf = walk ? { inSample: Number(inSample), outOfSample: Number(outOfSample) } : undefined;
    if (wf && !(wf.inSample >= 2 && wf.outOfSample >= 1)) return setFormError('walk-forward needs in-sample of 2 bars or more and out-of-sample of 1 or more');
    const adaptive = method !== 'grid' ? { method, iterations: Number(iterations), population: Number(population) } : undefined;
    if (adaptive && !(Number.isInteger(adaptive.iterations) && adaptive.iterations >= 1 && Number.isInteger(adaptive.population) && adaptive.population >= 2)) {
      return setFormError('the search needs 1 or more rounds and 2 or more combinations a round');
    }
    setFormError(null);
    const queue = queueForJobs();
    job.start((jobId, signal) => client.invoke('backtest.optimize', { ...base, jobId, grid, objective, ...(adaptive ?? {}), ...(wf ? { walkForward: wf } : {}), ...(queue ? { queue } : {}) }, { signal }));
  };

  const r = job.result;
  const [picked, setPicked] = useState<number | null>(null);
  return (
    <section className="panel-section backtest-optimize" data-testid="backtest-optimize">
      <div className="panel-section-title">Optimisation</div>
      <div className="backtest-axes">
        {numeric.map((p) => (
          <label key={p.name}>
            {p.name}
            <input data-testid={`backtest-grid-${p.name}`} placeholder={`e.g. ${p.min}:${Math.min(p.max, p.min + 20)}:5`} value={axes[p.name] ?? ''} onChange={(e) => setAxes({ ...axes, [p.name]: e.target.value })} />
          </label>
        ))}
        <label>
          objective
          <select data-testid="backtest-objective" value={objective} onChange={(e) => setObjective(e.target.value as (typeof OBJECTIVES)[number])}>
            {OBJECTIVES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label title="Grid: every combination. Particle swarm and simulated annealing: each parameter searched between its smallest and largest value above, a round of combinations at a time.">
          search
          <select data-testid="backtest-search-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            <option value="grid">grid</option>
            <option value="pso">particle swarm</option>
            <option value="anneal">simulated annealing</option>
          </select>
        </label>
        {method !== 'grid' ? (
          <>
            <label>
              rounds <input data-testid="backtest-search-iterations" size={4} inputMode="numeric" value={iterations} onChange={(e) => setIterations(e.target.value)} />
            </label>
            <label>
              per round <input data-testid="backtest-search-population" size={4} inputMode="numeric" value={population} onChange={(e) => setPopulation(e.target.value)} />
            </label>
          </>
        ) : null}
        <label>
          <input type="checkbox" data-testid="backtest-walk-forward" checked={walk} onChange={(e) => setWalk(e.target.checked)} /> walk-forward
        </label>
        {walk ? (
          <>
            <label>
              in-sample bars <input type="number" data-testid="backtest-in-sample" value={inSample} onChange={(e) => setInSample(e.target.value)} />
            </label>
            <label>
              out-of-sample bars <input type="number" data-testid="backtest-out-of-sample" value={outOfSample} onChange={(e) => setOutOfSample(e.target.value)} />
            </label>
          </>
        ) : null}
        <button type="button" className="button" data-testid="backtest-optimize-run" disabled={job.running} onClick={launch}>
          Optimise
        </button>
        <button type="button" className="button" data-testid="backtest-optimize-cancel" disabled={!job.running} onClick={job.cancel}>
          Cancel
        </button>
      </div>
      <ProgressLine progress={job.progress} running={job.running} testId="backtest-optimize-progress" />
      {formError ? <div className="inline-error">{formError}</div> : null}
      {job.error ? <div className="inline-error" data-testid="backtest-optimize-error">{job.error}</div> : null}
      {r ? (
        <div data-testid="backtest-optimize-result">
          <div>
            {r.evaluated}/{r.combinations} combinations in {r.seconds.toFixed(2)} s{r.cancelled ? ' (cancelled)' : ''}; best {r.objective}:{' '}
            <b data-testid="backtest-optimize-best">{r.best ? `${Object.entries(r.best.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')} = ${num(r.best.metrics[r.objective as (typeof OBJECTIVES)[number]])}` : 'none'}</b>
          </div>
          {r.overfitting ? (
            <div data-testid="backtest-optimize-overfitting" title="Deflated Sharpe: the chance the winner's true Sharpe beats the best of this many no-skill trials (Bailey and Lopez de Prado). PBO: how often the in-sample winner lands in the lower half out of sample (combinatorially symmetric cross-validation).">
              Overfitting checks: deflated Sharpe {r.overfitting.deflatedSharpe === null ? 'n/a' : r.overfitting.deflatedSharpe.toFixed(3)} (Sharpe{' '}
              {r.overfitting.sharpe === null ? 'n/a' : r.overfitting.sharpe.toFixed(2)} against {r.overfitting.expectedMaxSharpe.toFixed(2)} expected from {r.overfitting.trials} trials); probability of backtest overfitting{' '}
              {r.overfitting.pbo === null ? 'n/a' : `${r.overfitting.pbo.toFixed(3)} (${r.overfitting.splits} splits of ${r.overfitting.blocks} blocks)`}
            </div>
          ) : null}
          <table className="data-table backtest-top" data-testid="backtest-optimize-top">
            <thead>
              <tr>
                <th>#</th>
                <th>Parameters</th>
                <th>{r.objective}</th>
                <th>Return</th>
                <th>Max drawdown</th>
                <th>Trades</th>
              </tr>
            </thead>
            <tbody>
              {r.top.slice(0, TOP_ROWS).map((row, i) => (
                <tr
                  key={i}
                  className={`backtest-top-row${picked === i ? ' picked' : ''}`}
                  data-testid={`backtest-optimize-row-${i}`}
                  title="Click to put these parameters in the run form"
                  onClick={() => {
                    setPicked(i);
                    onPick(row.params);
                  }}
                >
                  <td>{i + 1}</td>
                  <td data-testid="backtest-optimize-row-params">{Object.entries(row.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}</td>
                  <td>{num(row.metrics[r.objective as (typeof OBJECTIVES)[number]])}</td>
                  <td>{pct(row.metrics.totalReturn)}</td>
                  <td>{pct(row.metrics.maxDrawdown)}</td>
                  <td>{row.metrics.closedTrades}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="backtest-hint">Click a row to put its parameters in the run form.</div>
          <HeatmapChart heatmap={r.heatmap} />
          {r.walkForward ? (
            <div data-testid="backtest-walk-forward-result">
              {r.walkForward.windows.length} {r.walkForward.mode} windows; stitched out-of-sample return {pct(r.walkForward.metrics.totalReturn)}, max drawdown {pct(r.walkForward.metrics.maxDrawdown)}
              <EquityChart series={[{ label: 'walk-forward', t: r.walkForward.equity.t, value: r.walkForward.equity.value }]} testId="backtest-walk-forward-chart" />
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
