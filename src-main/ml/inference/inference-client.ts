import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CodedError, isIpcErrorCode } from '../../../src-shared/ipc/errors.js';
import { workerBundleDir } from '../../worker-bundles.js';
import type { InferenceReply, InferenceRequest, InferenceWorkerData, LoadedInfo } from './inference-protocol.js';
import { SharedSlots } from './shared-slots.js';

const WORKER_FILE = 'ml-inference-worker.mjs';

export function defaultInferenceWorkerScript(): string {
  return join(workerBundleDir(WORKER_FILE), WORKER_FILE);
}

type Ok<K extends string> = Extract<InferenceReply, { ok: true; kind: K }>;

/**
 * ONNX inference on a worker thread. Load a model file once under a key, then send one batch per bar (every
 * symbol's feature row together): `predict` resolves with one output per row. A model that fails to load rejects
 * with a code and the reason; the worker keeps serving the others.
 */
export class InferenceClient {
  private worker: Worker | undefined;
  private slots = new SharedSlots();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: InferenceReply): void; reject(e: Error): void }>();

  constructor(private readonly options: { workerScript?: string; preferCuda?: boolean; intraOpThreads?: number } = {}) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const data: InferenceWorkerData = { preferCuda: this.options.preferCuda ?? true, ...(this.options.intraOpThreads !== undefined ? { intraOpThreads: this.options.intraOpThreads } : {}) };
    const worker = new Worker(this.options.workerScript ?? defaultInferenceWorkerScript(), { workerData: data });
    worker.on('message', (r: InferenceReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (this.pending.size === 0) worker.unref();
      if (r.ok) p.resolve(r);
      else p.reject(new CodedError(isIpcErrorCode(r.code) ? r.code : 'INTERNAL', r.message));
    });
    const fail = (why: string) => {
      for (const p of this.pending.values()) p.reject(new CodedError('UNAVAILABLE', why));
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', (e) => fail(`the inference worker failed: ${e.message}`));
    worker.on('exit', (code) => fail(`the inference worker stopped (exit ${code})`));
    worker.unref();
    this.worker = worker;
    this.slots = new SharedSlots();
    return worker;
  }

  private send<K extends string>(request: Exclude<InferenceRequest, { kind: 'slot' }>): Promise<Ok<K>> {
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve: resolve as (r: InferenceReply) => void, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  async load(key: string, file: string): Promise<LoadedInfo> {
    return (await this.send<'loaded'>({ kind: 'load', id: this.nextId++, key, file })).info;
  }

  /** One output per row of a row-major [rows x cols] batch. `x` is copied (the caller keeps its array and `y`). */
  async predict(key: string, x: ArrayLike<number>, rows: number, cols: number): Promise<{ y: Float32Array; ms: number }> {
    return this.predictShaped(key, x, [rows, cols]);
  }

  /** A batch of any shape (a sequence model takes [rows, steps, features]); one output per row. */
  async predictShaped(key: string, x: ArrayLike<number>, dims: number[]): Promise<{ y: Float32Array; ms: number }> {
    const size = dims.reduce((a, b) => a * b, 1);
    if (x.length !== size) throw new CodedError('BAD_REQUEST', `a batch of ${dims.join(' x ')} needs ${size} values, got ${x.length}`);
    const worker = this.start();
    const pool = this.slots;
    const { slot, fresh } = pool.take(size, dims[0] ?? 1);
    try {
      if (fresh) worker.postMessage({ kind: 'slot', ...slot } satisfies InferenceRequest);
      new Float32Array(slot.input, 0, size).set(x);
      const r = await this.send<'prediction'>({ kind: 'predict', id: this.nextId++, key, slot: slot.slot, dims: [...dims] });
      return { y: r.y ?? new Float32Array(slot.output, 0, r.length).slice(), ms: r.ms };
    } finally {
      pool.give(slot);
    }
  }

  async unload(key: string): Promise<void> {
    await this.send<'done'>({ kind: 'unload', id: this.nextId++, key });
  }

  /** The execution providers this onnxruntime-node build offers, and its versions. */
  async info(): Promise<{ backends: string[]; versions: Record<string, string> }> {
    const r = await this.send<'info'>({ kind: 'info', id: this.nextId++ });
    return { backends: r.backends, versions: r.versions };
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
