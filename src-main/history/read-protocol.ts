import type { Timeframe } from '../../src-shared/domain/bar.js';
import type { IpcErrorCode } from '../../src-shared/ipc/errors.js';
import type { IndicatorColumns } from '../kernel/indicators/registry.js';
import type { BarRange } from './store.js';
import type { BarColumns } from './columns.js';
import type { AnyTickColumns, TickKind } from './ticks/tick-columns.js';
import type { TickRange } from './ticks/tick-store.js';

/** Messages between HistoryReadClient and the read worker. */
export interface ReadRequest {
  kind?: 'read';
  id: number;
  symbol: string;
  timeframe: Timeframe;
  range: BarRange;
}

/** One indicator over whole columns, computed beside the reads so a big series never holds main's loop. */
export interface IndicatorRequest {
  kind: 'indicator';
  id: number;
  indicator: string;
  params: Record<string, number>;
  columns: IndicatorColumns;
}

/** A range of one symbol's stored quotes or trades (history/ticks), answered as transferred columns. */
export interface TickReadRequest {
  kind: 'ticks';
  id: number;
  symbol: string;
  tickKind: TickKind;
  range: TickRange;
}

export type WorkerRequest = ReadRequest | IndicatorRequest | TickReadRequest;

export type ReadReply =
  | { id: number; ok: true; columns: BarColumns }
  | { id: number; ok: true; series: Record<string, Float64Array> }
  | { id: number; ok: true; ticks: AnyTickColumns }
  | { id: number; ok: false; code: IpcErrorCode; message: string };

export interface ReadWorkerData {
  /** The history database; absent when the worker only computes indicators (reads then answer UNAVAILABLE). */
  file: string;
  nativeBinding?: string;
}
