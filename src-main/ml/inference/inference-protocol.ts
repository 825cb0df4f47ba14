/** Messages between the inference client and the inference worker (src-main/ml/inference/inference-worker.ts). */
export type Provider = 'cuda' | 'cpu';

export interface InferenceWorkerData {
  /** Try the CUDA execution provider first (falls back to the CPU when it cannot start). */
  preferCuda: boolean;
  /** Threads one CPU run may use (onnxruntime's intra-op pool); default min(INTRA_OP_THREADS_MAX, cores). */
  intraOpThreads?: number;
}

/**
 * Intra-op threads per CPU run when not given: two where there are two cores. On the 2-core development machine
 * at load 1.4-1.6, a 500 x 64 batch through 200 trees ran p50 1.40 / p99 2.08 ms on two (sleeping, not spinning)
 * threads against 2.29 / 2.92 ms on one.
 */
export const INTRA_OP_THREADS_MAX = 2;

/**
 * A pair of buffers shared between the client and the worker for one batch in flight at a time: the client writes
 * the batch into `input`, the worker runs on a view of it and writes the outputs into `output`. Reused from batch
 * to batch, so a prediction allocates no batch-sized memory on either side (a fresh 128 KB buffer per call, moved
 * to the worker, made its collector run every hundred calls or so, in the middle of a run).
 */
export interface SharedSlot {
  slot: number;
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
}

export type InferenceRequest =
  | { kind: 'load'; id: number; key: string; file: string }
  /** Registers (or replaces) a shared slot; no reply. Sent before the first predict that uses it. */
  | ({ kind: 'slot' } & SharedSlot)
  /** The batch is in the slot's input buffer, its first prod(dims) values. */
  | { kind: 'predict'; id: number; key: string; slot: number; dims: number[] }
  | { kind: 'unload'; id: number; key: string }
  | { kind: 'info'; id: number };

export interface LoadedInfo {
  provider: Provider;
  /** Why CUDA is not used, when it is not. */
  cudaUnavailable?: string;
  inputs: string[];
  outputs: string[];
}

export type InferenceReply =
  | { id: number; ok: true; kind: 'loaded'; info: LoadedInfo }
  /**
   * `length` outputs, in the slot's output buffer; or, when they did not fit there, in `y`. `ms`: the run in the
   * worker, from the input's view to the outputs written.
   */
  | { id: number; ok: true; kind: 'prediction'; length: number; y?: Float32Array; ms: number }
  | { id: number; ok: true; kind: 'done' }
  | { id: number; ok: true; kind: 'info'; backends: string[]; versions: Record<string, string> }
  | { id: number; ok: false; code: string; message: string };
