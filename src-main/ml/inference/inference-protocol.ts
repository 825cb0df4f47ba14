/** Messages between the inference client and the inference worker (src-main/ml/inference/inference-worker.ts). */
export type Provider = 'cuda' | 'cpu';

export interface InferenceWorkerData {
  /** Try the CUDA execution provider first (falls back to the CPU when it cannot start). */
  preferCuda: boolean;
  /** Threads one CPU run may use (onnxruntime's intra-op pool); default INTRA_OP_THREADS. */
  intraOpThreads?: number;
}

/**
 * One thread per CPU run by default: a batch of a few hundred rows through a tree ensemble takes about a
 * millisecond, which a second thread does not shorten enough to pay for waking it, and on a busy machine a pool
 * thread that is descheduled holds the whole run up (the p99 doubled).
 */
export const INTRA_OP_THREADS = 1;

export type InferenceRequest =
  | { kind: 'load'; id: number; key: string; file: string }
  | { kind: 'predict'; id: number; key: string; x: Float32Array; dims: number[] }
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
  | { id: number; ok: true; kind: 'prediction'; y: Float32Array; ms: number }
  | { id: number; ok: true; kind: 'done' }
  | { id: number; ok: true; kind: 'info'; backends: string[]; versions: Record<string, string> }
  | { id: number; ok: false; code: string; message: string };
