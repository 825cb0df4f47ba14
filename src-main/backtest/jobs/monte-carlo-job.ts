import type { MonteCarloResultDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { monteCarlo } from '../monte-carlo.js';
import type { BacktestJob, JobMessage } from './protocol.js';

type MonteCarloJob = Extract<BacktestJob, { kind: 'monte-carlo' }>;

/** Bins of the distributions the Backtest tab draws. */
const BINS = 40;

/** Monte Carlo over a finished run's closed trades, in the job worker (runs x trades can be millions of steps). */
export function runMonteCarloJob(job: MonteCarloJob, report: (message: JobMessage) => void): MonteCarloResultDto {
  const { request } = job;
  report({ type: 'progress', progress: { phase: 'running', done: 0, total: request.runs } });
  const mc = monteCarlo({ pnls: request.pnls, startValue: request.startValue, runs: request.runs, seed: request.seed, method: request.method, loss: request.loss, bins: BINS });
  report({ type: 'progress', progress: { phase: 'done', done: request.runs, total: request.runs } });
  return {
    runs: mc.runs,
    trades: request.pnls.length,
    method: mc.method,
    finalReturn: mc.finalReturn,
    maxDrawdown: mc.maxDrawdown,
    probabilityOfLoss: mc.probabilityOfLoss,
    loss: mc.loss,
    finalReturnHistogram: mc.finalReturnHistogram!,
    maxDrawdownHistogram: mc.maxDrawdownHistogram!,
  };
}
