import type { BacktestProgress } from '../../../src-shared/ipc/backtest-schemas.js';

/** The job's phase and a bar; an indeterminate bar while loading. */
export function ProgressLine({ progress, running, testId }: { progress: BacktestProgress | null; running: boolean; testId: string }) {
  if (!running && !progress) return null;
  const share = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  return (
    <div className="backtest-progress" data-testid={testId} data-phase={progress?.phase ?? 'starting'}>
      <progress max={1} value={running && progress?.phase === 'loading' ? undefined : share} />
      <span>
        {progress?.phase ?? 'starting'} {progress && progress.total > 1 ? `${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')}` : ''}
      </span>
    </div>
  );
}
