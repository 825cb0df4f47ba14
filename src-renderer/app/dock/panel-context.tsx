import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { PanelParams } from './panel-portals.js';

interface PanelIdentity {
  panelId: string;
  params: PanelParams;
}

const PanelContext = createContext<PanelIdentity | null>(null);

export function PanelProvider({ panelId, params, children }: PanelIdentity & { children: ReactNode }) {
  return <PanelContext.Provider value={{ panelId, params }}>{children}</PanelContext.Provider>;
}

/** The dock panel a tab is rendered in; outside the dock (a test page), a fixed id and no saved state. */
export function usePanelId(): string {
  return useContext(PanelContext)?.panelId ?? 'standalone';
}

/**
 * A piece of a tab's state kept in its dock panel's parameters, so it is saved with the layout and comes back on
 * reload (each chart tab keeps its own timeframe). `accept` checks what was saved: a layout written by another
 * version may hold anything.
 */
export function usePanelState<T>(key: string, fallback: T, accept: (value: unknown) => value is T): [T, (next: T) => void] {
  const panel = useContext(PanelContext);
  const [value, setValue] = useState<T>(() => {
    const saved = panel?.params.get()[key];
    return accept(saved) ? saved : fallback;
  });
  const update = useCallback(
    (next: T) => {
      setValue(next);
      if (panel) panel.params.set({ ...panel.params.get(), [key]: next });
    },
    [panel, key],
  );
  return [value, update];
}
