import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { computeIndicator } from '../kernel/indicators/registry.js';
import { IndicatorParamError } from '../kernel/indicators/validate.js';
import { columnBuffers } from './columns.js';
import type { ReadReply, ReadWorkerData, WorkerRequest } from './read-protocol.js';
import { HistoryStore } from './store.js';
import { TickStore } from './ticks/tick-store.js';

/**
 * The history read worker: answers range reads from its own read-only connection (WAL lets it read while main
 * writes) and hands the columns back as transferred buffers; it also computes indicators over big series, so
 * neither holds main's loop. Built as dist/main/history-read-worker.mjs.
 */
export function serveReads(port: MessagePort, data: ReadWorkerData): void {
  let store: HistoryStore | undefined;
  let ticks: TickStore | undefined;
  port.on('message', (request: WorkerRequest) => {
    let reply: ReadReply;
    let transfer: ArrayBuffer[] = [];
    try {
      if (request.kind === 'ticks') {
        if (!data.file) throw new CodedError('UNAVAILABLE', 'this worker has no history database to read');
        store ??= HistoryStore.open(data.file, { readonly: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
        ticks ??= new TickStore(store.db);
        const columns = ticks.read(request.symbol, request.tickKind, request.range);
        reply = { id: request.id, ok: true, ticks: columns };
        transfer = [...new Set(Object.values(columns).map((c: Float64Array) => c.buffer as ArrayBuffer))];
      } else if (request.kind === 'indicator') {
        const series = computeIndicator(request.indicator, request.params, request.columns);
        reply = { id: request.id, ok: true, series };
        transfer = Object.values(series).map((s) => s.buffer as ArrayBuffer);
      } else {
        if (!data.file) throw new CodedError('UNAVAILABLE', 'this worker has no history database to read');
        store ??= HistoryStore.open(data.file, { readonly: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
        const columns = store.readColumns(request.symbol, request.timeframe, request.range);
        reply = { id: request.id, ok: true, columns };
        transfer = columnBuffers(columns);
      }
    } catch (error) {
      const code = error instanceof CodedError ? error.code : error instanceof IndicatorParamError ? 'BAD_REQUEST' : 'INTERNAL';
      reply = { id: request.id, ok: false, code, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, transfer);
  });
  port.on('close', () => store?.close());
}

if (parentPort) serveReads(parentPort, workerData as ReadWorkerData);
