import type { CellClassParams, ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { WatchRow } from './watch-rows.js';

const price = (p: ValueFormatterParams<WatchRow, number | null>): string => (p.value === null || p.value === undefined ? '—' : p.value.toFixed(2));
const signed = (digits: number, suffix = '') => (p: ValueFormatterParams<WatchRow, number | null>): string =>
  p.value === null || p.value === undefined ? '—' : `${p.value > 0 ? '+' : ''}${p.value.toFixed(digits)}${suffix}`;
const direction = (p: CellClassParams<WatchRow, number | null>): string => (p.value === null || p.value === undefined || p.value === 0 ? '' : p.value > 0 ? 'wl-up' : 'wl-down');
const volume = (p: ValueFormatterParams<WatchRow, number | null>): string => (p.value === null || p.value === undefined ? '—' : Math.round(p.value).toLocaleString('en-US'));

const SOURCE_LABEL: Record<string, string> = { alpaca: 'Alpaca', 'demo-exchange': 'Demo exchange', catalog: 'Catalog', 'history-store': 'Cache', synthetic: 'Synthetic' };

export const WATCHLIST_COLUMNS: ColDef<WatchRow>[] = [
  { field: 'symbol', headerName: 'Symbol', width: 96, pinned: 'left', cellClass: 'wl-symbol' },
  { field: 'last', headerName: 'Last', width: 92, type: 'rightAligned', valueFormatter: price, cellClass: 'wl-num' },
  { field: 'change', headerName: 'Change', width: 88, type: 'rightAligned', valueFormatter: signed(2), cellClass: (p) => `wl-num ${direction(p)}` },
  { field: 'changePct', headerName: 'Change %', width: 92, type: 'rightAligned', valueFormatter: signed(2, '%'), cellClass: (p) => `wl-num ${direction(p)}` },
  { field: 'bid', headerName: 'Bid', width: 88, type: 'rightAligned', valueFormatter: price, cellClass: 'wl-num' },
  { field: 'ask', headerName: 'Ask', width: 88, type: 'rightAligned', valueFormatter: price, cellClass: 'wl-num' },
  { field: 'spread', headerName: 'Spread', width: 80, type: 'rightAligned', valueFormatter: price, cellClass: 'wl-num' },
  { field: 'volume', headerName: 'Volume', width: 120, type: 'rightAligned', valueFormatter: volume, cellClass: 'wl-num' },
  { field: 'source', headerName: 'Source', width: 120, valueFormatter: (p) => (p.value ? (SOURCE_LABEL[p.value] ?? String(p.value)) : '—') },
  {
    field: 'stale',
    headerName: 'Data',
    width: 80,
    // Not inferred as boolean: that would draw a checkbox instead of the word.
    cellDataType: false,
    valueFormatter: (p) => (p.value ? 'STALE' : 'live'),
    cellClass: (p) => (p.value ? 'wl-stale' : 'wl-live'),
  },
];
