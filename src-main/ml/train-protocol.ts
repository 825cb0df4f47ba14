import type { Dataset } from './dataset.js';
import type { EvaluationReport, FoldFit, Progress, TrainedModel, TrainSpec } from './eval/train-model.js';

/** Messages between main (or the CLI) and the ML training worker (src-main/ml/train-worker.ts). */
export interface TrainRequest {
  kind: 'train';
  dataset: Dataset;
  spec: TrainSpec;
  /** Run the purged walk-forward evaluation before the final fit. */
  evaluate: boolean;
  /** Fit the final model on every row (false: evaluation only, as a search trial needs). */
  finalFit: boolean;
  /** Only this walk-forward fold (0-based) of the evaluation: its fit comes back as `fold` (a queued train's job). */
  fold?: number;
}

export type TrainReply =
  | { kind: 'progress'; progress: Progress }
  | { kind: 'done'; evaluation: EvaluationReport | null; final: TrainedModel | null; fold?: FoldFit }
  | { kind: 'error'; code: string; message: string };

/** workerData: one Int32 set to 1 by the client to cancel (read by the trainer between rounds). */
export interface TrainWorkerData {
  cancel: SharedArrayBuffer;
}
