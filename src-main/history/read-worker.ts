import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { columnBuffers } from './columns.js';
import type { ReadReply, ReadRequest, ReadWorkerData } from './read-protocol.js';
import { HistoryStore } from './store.js';

/**
 * The history read worker: answers range reads from its own read-only connection (WAL lets it read while main
 * writes) and hands the columns back as transferred buffers. Built as dist/main/history-read-worker.mjs.
 */
export function serveReads(port: MessagePort, data: ReadWorkerData): void {
  let store: HistoryStore | undefined;
  port.on('message', (request: ReadRequest) => {
    let reply: ReadReply;
    let transfer: ArrayBuffer[] = [];
    try {
      store ??= HistoryStore.open(data.file, { readonly: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
      const columns = store.readColumns(request.symbol, request.timeframe, request.range);
      reply = { id: request.id, ok: true, columns };
      transfer = columnBuffers(columns);
    } catch (error) {
      const code = error instanceof CodedError ? error.code : 'INTERNAL';
      reply = { id: request.id, ok: false, code, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, transfer);
  });
  port.on('close', () => store?.close());
}

if (parentPort) serveReads(parentPort, workerData as ReadWorkerData);
