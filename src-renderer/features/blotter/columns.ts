import type { ColDef } from 'ag-grid-community';
import type { AccountRow, AlgoWire, FillWire, OrderRow, PositionRow } from './blotter-rows.js';
import { formatExchangeTime } from '../../components/format.js';

const num = 'bl-num';
const signedClass = (value: unknown): string => (typeof value === 'string' && value.startsWith('-') ? `${num} bl-down` : value && value !== '0.00' ? `${num} bl-up` : num);
// Event times on the exchange's clock (New York), labelled ET in the headers.
const time = (at: unknown): string => (typeof at === 'number' ? formatExchangeTime(at).replace(/ ET$/, '') : '');

export const ORDER_COLUMNS: ColDef<OrderRow>[] = [
  { field: 'symbol', headerName: 'Symbol', width: 80, pinned: 'left' },
  { field: 'side', headerName: 'Side', width: 62, cellClass: (p) => (p.value === 'buy' ? 'bl-up' : 'bl-down') },
  { field: 'type', headerName: 'Type', width: 90 },
  { field: 'orderClass', headerName: 'Class', width: 76 },
  { field: 'qty', headerName: 'Qty', width: 72, type: 'rightAligned', cellClass: num },
  { field: 'limitPrice', headerName: 'Limit', width: 80, type: 'rightAligned', cellClass: num },
  { field: 'stopPrice', headerName: 'Stop', width: 80, type: 'rightAligned', cellClass: num },
  { field: 'timeInForce', headerName: 'TIF', width: 56 },
  { field: 'status', headerName: 'Status', width: 110, cellClass: (p) => `bl-status-${String(p.value)}` },
  { field: 'filledQty', headerName: 'Filled', width: 70, type: 'rightAligned', cellClass: num },
  { field: 'filledAvgPrice', headerName: 'Avg fill', width: 84, type: 'rightAligned', cellClass: num },
  { field: 'source', headerName: 'Source', width: 90 },
  { field: 'parent', headerName: 'Parent', width: 120 },
  { field: 'updatedAt', headerName: 'Updated ET', width: 108, valueFormatter: (p) => time(p.data?.exchangeAt) },
  { field: 'reject', headerName: 'Reason', width: 220 },
  { field: 'id', headerName: 'Client order id', width: 200 },
];

export const FILL_COLUMNS: ColDef<FillWire>[] = [
  { field: 'at', headerName: 'Time ET', width: 96, valueFormatter: (p) => time(p.value) },
  { field: 'symbol', headerName: 'Symbol', width: 80 },
  { field: 'side', headerName: 'Side', width: 62, cellClass: (p) => (p.value === 'buy' ? 'bl-up' : 'bl-down') },
  { field: 'qty', headerName: 'Qty', width: 70, type: 'rightAligned', cellClass: num },
  { field: 'price', headerName: 'Price', width: 86, type: 'rightAligned', cellClass: num },
  { field: 'cumQty', headerName: 'Order filled', width: 96, type: 'rightAligned', cellClass: num },
  { field: 'via', headerName: 'Via', width: 80 },
  { field: 'clientOrderId', headerName: 'Client order id', width: 200 },
];

export const POSITION_COLUMNS: ColDef<PositionRow>[] = [
  { field: 'symbol', headerName: 'Symbol', width: 80 },
  { field: 'qty', headerName: 'Qty', width: 72, type: 'rightAligned', cellClass: num },
  { field: 'avgEntryPrice', headerName: 'Avg entry', width: 90, type: 'rightAligned', cellClass: num },
  { field: 'currentPrice', headerName: 'Price', width: 86, type: 'rightAligned', cellClass: num },
  { field: 'marketValue', headerName: 'Value', width: 100, type: 'rightAligned', cellClass: num },
  { field: 'costBasis', headerName: 'Cost basis', width: 100, type: 'rightAligned', cellClass: num },
  { field: 'unrealizedPl', headerName: 'Unrealised P&L', width: 118, type: 'rightAligned', cellClass: (p) => signedClass(p.value) },
  { field: 'realizedPl', headerName: 'Realised P&L', width: 110, type: 'rightAligned', cellClass: (p) => signedClass(p.value) },
];

export const ACCOUNT_COLUMNS: ColDef<AccountRow>[] = [
  { field: 'name', headerName: 'Account', width: 150 },
  { field: 'value', headerName: 'Value', width: 160, type: 'rightAligned', cellClass: num },
];

export const ALGO_COLUMNS: ColDef<AlgoWire>[] = [
  { field: 'kind', headerName: 'Algo', width: 72, valueFormatter: (p) => String(p.value).toUpperCase() },
  { field: 'symbol', headerName: 'Symbol', width: 80 },
  { field: 'side', headerName: 'Side', width: 62, cellClass: (p) => (p.value === 'buy' ? 'bl-up' : 'bl-down') },
  { colId: 'progress', headerName: 'Filled / target', width: 120, type: 'rightAligned', cellClass: num, valueGetter: (p) => (p.data ? `${p.data.filledQty} / ${p.data.targetQty}` : '') },
  { field: 'childrenSent', headerName: 'Children sent', width: 110, type: 'rightAligned', cellClass: num },
  { field: 'childrenFilled', headerName: 'Children filled', width: 116, type: 'rightAligned', cellClass: num },
  { field: 'openChildren', headerName: 'Working', width: 84, type: 'rightAligned', cellClass: num },
  { field: 'status', headerName: 'Status', width: 96, cellClass: (p) => `bl-status-${String(p.value)}` },
  { field: 'reason', headerName: 'Reason', width: 260 },
  { field: 'endsAt', headerName: 'Ends ET', width: 84, valueFormatter: (p) => time(p.value) },
  { field: 'id', headerName: 'Parent id', width: 220 },
];
