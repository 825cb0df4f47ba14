import type { CellClassParams, ColDef, ColGroupDef, ValueFormatterParams } from 'ag-grid-community';
import type { ChainRow } from '../../../src-shared/ipc/options-schemas.js';
import type { StrikeRow } from './chain-rows.js';

type Side = 'call' | 'put';
type Field = 'bid' | 'ask' | 'last' | 'iv' | 'delta' | 'gamma' | 'theta' | 'vega' | 'volume' | 'openInterest';

const DIGITS: Record<Field, number> = { bid: 2, ask: 2, last: 2, iv: 1, delta: 3, gamma: 4, theta: 3, vega: 3, volume: 0, openInterest: 0 };
const GREEKS = new Set<Field>(['delta', 'gamma', 'theta', 'vega']);

function valueOf(row: ChainRow | null, field: Field): number | null {
  if (!row) return null;
  if (field === 'iv') return row.iv === null ? null : row.iv * 100;
  if (GREEKS.has(field)) return row.greeks ? row.greeks[field as 'delta' | 'gamma' | 'theta' | 'vega'] : null;
  return row[field as 'bid' | 'ask' | 'last' | 'volume' | 'openInterest'];
}

function column(side: Side, field: Field): ColDef<StrikeRow> {
  return {
    colId: `${side}.${field}`,
    headerName: field === 'openInterest' ? 'OI' : field === 'iv' ? 'IV %' : field,
    width: 78,
    type: 'rightAligned',
    valueGetter: (p) => (p.data ? valueOf(p.data[side], field) : null),
    valueFormatter: (p: ValueFormatterParams<StrikeRow, number | null>) => (p.value === null || p.value === undefined ? '' : p.value.toFixed(DIGITS[field])),
    // In-the-money contracts are shaded; greeks computed here (not carried by the snapshot) are marked.
    cellClassRules: {
      'options-itm': (p: CellClassParams<StrikeRow>) => Boolean(p.data?.[side]?.inTheMoney),
      'options-computed': (p: CellClassParams<StrikeRow>) => (GREEKS.has(field) || field === 'iv') && p.data?.[side]?.greeksSource === 'computed',
    },
  };
}

const FIELDS: Field[] = ['bid', 'ask', 'last', 'iv', 'delta', 'gamma', 'theta', 'vega', 'volume', 'openInterest'];

export const CHAIN_COLUMNS: (ColDef<StrikeRow> | ColGroupDef<StrikeRow>)[] = [
  { headerName: 'Calls', children: [...FIELDS].reverse().map((f) => column('call', f)) },
  { colId: 'strike', headerName: 'Strike', field: 'strike', width: 80, pinned: undefined, cellClass: 'options-strike' },
  { headerName: 'Puts', children: FIELDS.map((f) => column('put', f)) },
];
