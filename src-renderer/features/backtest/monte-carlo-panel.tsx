import { useMemo, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import type { MonteCarloResultDto, RunResultDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';
import { pct } from './format.js';
import { ProgressLine } from './progress-line.js';
import { useEChart } from '../../components/chart/use-echart.js';
// The hook draws with the shared ECharts core; the Backtest tab registers the kinds only it uses (heatmap, legend, visual map).
import './echarts-setup.js';
import { useJob } from './use-job.js';

type Histogram = MonteCarloResultDto['finalReturnHistogram'];
/** Room for the trades' P&L in one request frame (1 MiB), with the rest of the request beside it. */
const MAX_PNL_CHARS = 900_000;
const PERCENTILES = [
  ['p5', '5th'],
  ['p25', '25th'],
  ['p50', 'median'],
  ['p75', '75th'],
  ['p95', '95th'],
  ['mean', 'mean'],
] as const;

/** Runs per bin of final return (green at or above 0, red below), labelled by each bin's middle. */
function HistogramChart({ histogram, testId }: { histogram: Histogram; testId: string }) {
  const option = useMemo((): EChartsCoreOption => {
    const mids = histogram.counts.map((_, i) => histogram.from + (i + 0.5) * histogram.width);
    return {
      backgroundColor: 'transparent',
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 16, top: 24, bottom: 40 },
      xAxis: { type: 'category', name: 'final return', nameLocation: 'middle', nameGap: 26, data: mids.map((m) => `${(m * 100).toFixed(1)}%`) },
      yAxis: { type: 'value', name: 'runs', splitLine: { lineStyle: { color: '#333' } } },
      series: [{ type: 'bar', barCategoryGap: '5%', data: histogram.counts.map((c, i) => ({ value: c, itemStyle: { color: mids[i]! >= 0 ? '#22c55e' : '#ef4444' } })) }],
    };
  }, [histogram]);
  const el = useEChart(option);
  return <div ref={el} className="backtest-mc-chart" data-testid={testId} data-bins={histogram.counts.length} data-runs={histogram.counts.reduce((a, b) => a + b, 0)} />;
}

/**
 * Monte Carlo on the finished run: its closed trades redrawn (bootstrap) or reordered (shuffle) many times from the
 * same start, in a worker thread in main; the spread of final return and maximum drawdown, and the chance of a loss.
 */
export function MonteCarloPanel({ result }: { result: RunResultDto }) {
  const client = useClient();
  const job = useJob<MonteCarloResultDto>();
  const [runs, setRuns] = useState('5000');
  const [method, setMethod] = useState<'bootstrap' | 'shuffle'>('bootstrap');
  const [loss, setLoss] = useState('20');
  const [seed, setSeed] = useState('1');
  const [formError, setFormError] = useState<string | null>(null);
  const trades = result.trades.length;

  const run = () => {
    const n = Number(runs);
    const lossShare = Number(loss) / 100;
    const s = Number(seed);
    if (!(Number.isInteger(n) && n >= 10 && n <= 100_000)) return setFormError('runs: a whole number from 10 to 100,000');
    if (!(lossShare >= 0 && lossShare <= 1)) return setFormError('loss: a percentage from 0 to 100');
    if (!(Number.isInteger(s) && s >= 0)) return setFormError('seed: a whole number of 0 or more');
    const pnls = result.trades.map((t) => t.pnl);
    // One WebSocket frame carries the request (1 MiB at most; a bigger one would close the connection).
    if (JSON.stringify(pnls).length > MAX_PNL_CHARS) return setFormError(`this run has ${trades.toLocaleString('en-US')} trades, too many to send from here: run \`workstation monte-carlo\` on the host`);
    setFormError(null);
    job.start((jobId, signal) => client.invoke('backtest.monteCarlo', { jobId, pnls, startValue: result.summary.metrics.startValue, runs: n, seed: s, method, loss: lossShare }, { signal }));
  };

  const r = job.result;
  return (
    <section className="panel-section backtest-mc" data-testid="backtest-monte-carlo">
      <div className="panel-section-title">Monte Carlo on this run's {trades} closed trades</div>
      {trades === 0 ? (
        <div className="backtest-hint">This run closed no trade: there is nothing to resample.</div>
      ) : (
        <div className="backtest-axes">
          <label>
            runs <input type="number" min={10} max={100000} data-testid="backtest-mc-runs" value={runs} onChange={(e) => setRuns(e.target.value)} />
          </label>
          <label title="bootstrap: draw trades with replacement; shuffle: the same trades in another order (same final return, other paths)">
            method
            <select data-testid="backtest-mc-method" value={method} onChange={(e) => setMethod(e.target.value as 'bootstrap' | 'shuffle')}>
              <option value="bootstrap">bootstrap</option>
              <option value="shuffle">shuffle</option>
            </select>
          </label>
          <label>
            loss of % <input type="number" min={0} max={100} data-testid="backtest-mc-loss" value={loss} onChange={(e) => setLoss(e.target.value)} />
          </label>
          <label>
            seed <input type="number" min={0} data-testid="backtest-mc-seed" value={seed} onChange={(e) => setSeed(e.target.value)} />
          </label>
          <button type="button" className="button" data-testid="backtest-mc-run" disabled={job.running} onClick={run}>
            Run Monte Carlo
          </button>
        </div>
      )}
      <ProgressLine progress={job.progress} running={job.running} testId="backtest-mc-progress" />
      {formError ? <div className="inline-error">{formError}</div> : null}
      {job.error ? <div className="inline-error" data-testid="backtest-mc-error">{job.error}</div> : null}
      {r ? (
        <div className="backtest-mc-result" data-testid="backtest-mc-result">
          <table className="data-table backtest-mc-table">
            <thead>
              <tr>
                <th>{r.runs.toLocaleString('en-US')} {r.method} runs</th>
                {PERCENTILES.map(([, label]) => (
                  <th key={label}>{label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr data-testid="backtest-mc-final-return">
                <td>Final return</td>
                {PERCENTILES.map(([key]) => (
                  <td key={key} data-testid={`backtest-mc-return-${key}`}>{pct(r.finalReturn[key])}</td>
                ))}
              </tr>
              <tr data-testid="backtest-mc-drawdown">
                <td>Max drawdown</td>
                {PERCENTILES.map(([key]) => (
                  <td key={key} data-testid={`backtest-mc-drawdown-${key}`}>{pct(r.maxDrawdown[key])}</td>
                ))}
              </tr>
            </tbody>
          </table>
          <div data-testid="backtest-mc-loss-probability">
            Chance of losing {pct(r.loss, 0)} or more: <b>{pct(r.probabilityOfLoss, 1)}</b>
          </div>
          <HistogramChart histogram={r.finalReturnHistogram} testId="backtest-mc-histogram" />
        </div>
      ) : null}
    </section>
  );
}
