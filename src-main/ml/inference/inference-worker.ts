import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { INTRA_OP_THREADS_MAX, type InferenceReply, type InferenceRequest, type InferenceWorkerData, type LoadedInfo, type Provider } from './inference-protocol.js';

/**
 * The inference worker (built as dist/main/ml-inference-worker.mjs). onnxruntime-node's session.run() calls the
 * native run synchronously and holds the thread that calls it for the whole inference, so sessions live here and
 * never on main's loop. Each model is loaded once (CUDA first when asked and available, else the CPU) and answers
 * batches: one run per bar for every symbol's row together.
 */
interface Loaded {
  session: ort.InferenceSession;
  info: LoadedInfo;
}

/**
 * Session options for latency: one run at a time per model, so the graph runs its nodes in order (no inter-op
 * pool) on `intraOp` threads; the CPU arena and memory pattern keep a run's buffers from the run before; and pool
 * threads sleep between runs instead of spinning, which on a shared machine would take the core from the threads
 * the run is waiting for (and from main's loop).
 */
export function sessionOptions(provider: Provider, intraOp: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    intraOpNumThreads: intraOp,
    enableCpuMemArena: true,
    enableMemPattern: true,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

async function createSession(bytes: Uint8Array, preferCuda: boolean, intraOp: number): Promise<Loaded> {
  let cudaUnavailable: string | undefined;
  const make = async (provider: Provider) => {
    const session = await ort.InferenceSession.create(bytes, sessionOptions(provider, intraOp));
    return { session, info: { provider, inputs: [...session.inputNames], outputs: [...session.outputNames], ...(cudaUnavailable ? { cudaUnavailable } : {}) } };
  };
  if (preferCuda) {
    if (!cudaFilesPresent()) cudaUnavailable = 'the CUDA provider files of onnxruntime-node are not installed (fetch them on a GPU machine: see the README, "GPU inference")';
    else {
      try {
        return await make('cuda');
      } catch (e) {
        cudaUnavailable = `the CUDA provider did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      }
    }
  }
  return make('cpu');
}

/**
 * onnxruntime-node lists CUDA as a backend that is not bundled: its provider library arrives only by the install
 * script's fetch. Without it, asking for CUDA fails after logging an error, so the file is looked for first.
 */
function cudaFilesPresent(): boolean {
  const cuda = ort.listSupportedBackends().find((b) => b.name === 'cuda');
  if (!cuda) return false;
  if (cuda.bundled) return true;
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    return existsSync(join(pkg, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return true; // cannot tell: let the session try
  }
}

/**
 * A registered shared slot, as float32 views: the batch arrives in `input`, the outputs leave through `output`.
 * onnxruntime-node refuses a tensor over shared memory ("Invalid argument": N-API reads only plain ArrayBuffers),
 * so the batch is copied into `batch`, the slot's own buffer in this worker, kept from call to call.
 */
interface SlotViews {
  input: Float32Array;
  batch: Float32Array;
  output: Float32Array;
}

export function serveInference(port: MessagePort, data: InferenceWorkerData): void {
  const models = new Map<string, Loaded>();
  const slots = new Map<number, SlotViews>();
  const reply = (r: InferenceReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
  port.on('message', (request: InferenceRequest) => {
    if (request.kind === 'slot') {
      const input = new Float32Array(request.input);
      slots.set(request.slot, { input, batch: new Float32Array(input.length), output: new Float32Array(request.output) });
      return;
    }
    void (async () => {
      try {
        switch (request.kind) {
          case 'info':
            reply({ id: request.id, ok: true, kind: 'info', backends: ort.listSupportedBackends().map((b) => b.name), versions: { ...ort.env.versions } as Record<string, string> });
            return;
          case 'load': {
            let bytes: Uint8Array;
            try {
              bytes = readFileSync(request.file);
            } catch (e) {
              reply({ id: request.id, ok: false, code: 'NOT_FOUND', message: `cannot read model file ${request.file}: ${e instanceof Error ? e.message : String(e)}` });
              return;
            }
            let loaded: Loaded;
            try {
              loaded = await createSession(bytes, data.preferCuda, data.intraOpThreads ?? Math.min(INTRA_OP_THREADS_MAX, availableParallelism()));
            } catch (e) {
              const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
              reply({ id: request.id, ok: false, code: 'BAD_REQUEST', message: `${request.file} is not a model onnxruntime can load (corrupt or not ONNX): ${why}` });
              return;
            }
            await models.get(request.key)?.session.release();
            models.set(request.key, loaded);
            reply({ id: request.id, ok: true, kind: 'loaded', info: loaded.info });
            return;
          }
          case 'predict': {
            const m = models.get(request.key);
            if (!m) {
              reply({ id: request.id, ok: false, code: 'NOT_FOUND', message: `model "${request.key}" is not loaded` });
              return;
            }
            const slot = slots.get(request.slot);
            const size = request.dims.reduce((a, b) => a * b, 1);
            if (!slot || slot.input.length < size) {
              reply({ id: request.id, ok: false, code: 'INTERNAL', message: `the batch's shared buffer ${request.slot} is missing or too small (the client and the worker disagree)` });
              return;
            }
            const started = performance.now();
            const batch = slot.batch.subarray(0, size);
            batch.set(slot.input.subarray(0, size));
            const out = await m.session.run({ [m.info.inputs[0]!]: new ort.Tensor('float32', batch, request.dims) });
            const y = out[m.info.outputs[0]!]!.data as Float32Array;
            if (y.length <= slot.output.length) {
              slot.output.set(y);
              reply({ id: request.id, ok: true, kind: 'prediction', length: y.length, ms: performance.now() - started });
            } else {
              const copy = Float32Array.from(y);
              reply({ id: request.id, ok: true, kind: 'prediction', length: copy.length, y: copy, ms: performance.now() - started }, [copy.buffer]);
            }
            return;
          }
          case 'unload':
            await models.get(request.key)?.session.release();
            models.delete(request.key);
            reply({ id: request.id, ok: true, kind: 'done' });
            return;
        }
      } catch (e) {
        reply({ id: request.id, ok: false, code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}

if (parentPort) serveInference(parentPort, (workerData as InferenceWorkerData | undefined) ?? { preferCuda: true });
