import { useMemo } from 'react';
import type { GridState, SortChangedEvent, SortModelItem } from 'ag-grid-community';
import { usePanelState } from '../app/dock/panel-context.js';

const isSortModel = (value: unknown): value is SortModelItem[] =>
  Array.isArray(value) && value.every((s: unknown) => typeof s === 'object' && s !== null && typeof (s as SortModelItem).colId === 'string' && ((s as SortModelItem).sort === 'asc' || (s as SortModelItem).sort === 'desc'));

/**
 * A grid's sort order kept in its dock panel (saved with the layout), so a reload shows rows in the order the
 * trader chose; `fallback` is the order before any choice (the blotter's newest first). The grid needs AG Grid's
 * GridStateModule registered.
 */
export function useGridSort(key: string, fallback: SortModelItem[] = []): { initialState: GridState; onSortChanged: (event: SortChangedEvent) => void } {
  const [sortModel, setSortModel] = usePanelState<SortModelItem[]>(`sort.${key}`, fallback, isSortModel);
  // Only the first value matters to the grid (initial state); later changes come from the grid itself.
  const initialState = useMemo<GridState>(() => ({ sort: { sortModel } }), []);
  return {
    initialState,
    onSortChanged: (event) => {
      // The grid's own state (GridStateModule): the sorted columns in their sort order.
      const next = (event.api.getState().sort?.sortModel ?? []).map((c) => ({ colId: c.colId, sort: c.sort }));
      setSortModel(next);
    },
  };
}
