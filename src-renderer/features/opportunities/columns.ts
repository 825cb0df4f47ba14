import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { OpportunityRow } from './opportunity-filter.js';

type Formatter = (p: ValueFormatterParams<OpportunityRow>) => string;
const percent = (digits: number, signed: boolean): Formatter => (p) => {
  const v = p.value as number | null | undefined;
  if (v === null || v === undefined) return '—';
  return `${signed && v > 0 ? '+' : ''}${(100 * v).toFixed(digits)}%`;
};

const BASIS: Record<OpportunityRow['calibratedOn'], string> = { 'strategy+regime': 'strategy and regime', strategy: 'strategy', none: 'no record yet' };

/** The ranked list's columns; rank is the scanner's order (calibrated confidence, then expected move). */
export function opportunityColumns(horizonUnit: string): ColDef<OpportunityRow>[] {
  return [
    { field: 'rank', headerName: '#', width: 56, type: 'rightAligned', cellClass: 'opp-num', suppressHeaderMenuButton: true },
    { field: 'symbol', headerName: 'Symbol', width: 90, cellClass: 'opp-symbol' },
    { field: 'strategy', headerName: 'Strategy', width: 150 },
    { field: 'family', headerName: 'Family', width: 110 },
    {
      field: 'direction',
      headerName: 'Direction',
      width: 92,
      valueFormatter: (p) => (p.value === 'up' ? '▲ up' : '▼ down'),
      cellClass: (p) => (p.value === 'up' ? 'opp-up' : 'opp-down'),
    },
    {
      field: 'confidence',
      headerName: 'Confidence',
      headerTooltip: 'Calibrated: the probability the direction was right, from how this strategy\u2019s past signals ended',
      width: 112,
      type: 'rightAligned',
      valueFormatter: percent(1, false),
      cellClass: 'opp-num',
    },
    {
      field: 'expectedReturn',
      headerName: 'Expected',
      headerTooltip: 'Expected return over the horizon, from the strategy\u2019s record',
      width: 96,
      type: 'rightAligned',
      valueFormatter: percent(2, true),
      cellClass: (p) => `opp-num ${(p.value as number) >= 0 ? 'opp-up' : 'opp-down'}`,
    },
    { field: 'horizon', headerName: 'Horizon', width: 96, type: 'rightAligned', valueFormatter: (p) => `${p.value as number} ${horizonUnit}`, cellClass: 'opp-num' },
    { field: 'regime', headerName: 'Regime', width: 96 },
    {
      field: 'samples',
      headerName: 'Record',
      headerTooltip: 'Outcomes the confidence was calibrated on',
      width: 150,
      valueFormatter: (p) => (p.data ? `${p.data.samples} (${BASIS[p.data.calibratedOn]})` : ''),
    },
    { field: 'barsAgo', headerName: 'Age', headerTooltip: 'Bars since the signal', width: 70, type: 'rightAligned', cellClass: 'opp-num' },
    { field: 'reason', headerName: 'Reason', flex: 1, minWidth: 240, tooltipField: 'reason', sortable: false },
  ];
}
