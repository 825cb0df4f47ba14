import './backtest.css';
import { useEffect, useState } from 'react';
import type { RunResultDto, StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';
import { defaultParams, INITIAL_CONFIG, paramsText, requestOf, type RunConfig } from './config.js';
import { MonteCarloPanel } from './monte-carlo-panel.js';
import { OptimizePanel } from './optimize-panel.js';
import { ProgressLine } from './progress-line.js';
import { QueuePanel } from './queue-panel.js';
import { RunForm } from './run-form.js';
import { RunReport } from './run-report.js';
import { StoredRuns } from './stored-runs.js';
import { useJob } from './use-job.js';

/**
 * The Backtest tab: choose a strategy and fill its parameters from its schema, pick data and the fill model, run
 * it in a worker thread in main (progress, cancel), read the report, store and compare runs, optimise.
 */
export function BacktestTab() {
  const client = useClient();
  const [strategies, setStrategies] = useState<StrategyInfoDto[]>([]);
  const [config, setConfig] = useState<RunConfig>(INITIAL_CONFIG);
  const [save, setSave] = useState(true);
  const [formError, setFormError] = useState<string | null>(null);
  const [savedCount, setSavedCount] = useState(0);
  const job = useJob<RunResultDto>();

  useEffect(() => {
    client
      .invoke('backtest.strategies', {})
      .then(({ strategies: list }) => {
        setStrategies(list);
        setConfig((c) => (c.strategy || list.length === 0 ? c : { ...c, strategy: list[0]!.name, params: defaultParams(list[0]) }));
      })
      .catch((e: unknown) => setFormError(e instanceof Error ? e.message : String(e)));
  }, [client]);
  useEffect(() => {
    if (job.result?.summary.id != null) setSavedCount((n) => n + 1);
  }, [job.result]);

  const strategy = strategies.find((s) => s.name === config.strategy);
  const run = () => {
    const { body, error } = requestOf(config, strategy);
    if (!body) return setFormError(error ?? 'invalid settings');
    setFormError(null);
    job.start((jobId, signal) => client.invoke('backtest.run', { ...body, jobId, save }, { signal }));
  };

  return (
    <div className="tab-body backtest-tab" data-testid="backtest-tab">
      <div className="backtest-layout">
        <aside className="backtest-side">
          <RunForm strategies={strategies} config={config} onChange={setConfig} />
          <div className="backtest-actions">
            <label>
              <input type="checkbox" data-testid="backtest-save" checked={save} onChange={(e) => setSave(e.target.checked)} /> store the run
            </label>
            <button type="button" className="button" data-testid="backtest-run" disabled={job.running || !strategy} onClick={run}>
              Run backtest
            </button>
            <button type="button" className="button" data-testid="backtest-cancel" disabled={!job.running} onClick={job.cancel}>
              Cancel
            </button>
          </div>
          <ProgressLine progress={job.progress} running={job.running} testId="backtest-progress" />
          {formError ? <div className="inline-error" data-testid="backtest-form-error">{formError}</div> : null}
          {job.error ? <div className="inline-error" role="alert" data-testid="backtest-error">{job.error}</div> : null}
        </aside>
        <main className="backtest-main">
          {job.result ? (
            <>
              <RunReport result={job.result} />
              <MonteCarloPanel key={job.result.summary.id ?? job.result.summary.finalValue} result={job.result} />
            </>
          ) : (
            <div className="backtest-hint">Run a backtest to see its report here.</div>
          )}
          <OptimizePanel strategy={strategy} body={() => requestOf(config, strategy)} onPick={(params) => setConfig((c) => ({ ...c, params: { ...c.params, ...paramsText(params) } }))} />
          <QueuePanel />
          <StoredRuns refreshKey={savedCount} />
        </main>
      </div>
    </div>
  );
}
