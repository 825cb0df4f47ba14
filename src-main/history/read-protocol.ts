import type { Timeframe } from '../../src-shared/domain/bar.js';
import type { IpcErrorCode } from '../../src-shared/ipc/errors.js';
import type { BarRange } from './store.js';
import type { BarColumns } from './columns.js';

/** Messages between HistoryReadClient and the read worker. */
export interface ReadRequest {
  id: number;
  symbol: string;
  timeframe: Timeframe;
  range: BarRange;
}

export type ReadReply = { id: number; ok: true; columns: BarColumns } | { id: number; ok: false; code: IpcErrorCode; message: string };

export interface ReadWorkerData {
  file: string;
  nativeBinding?: string;
}
