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
