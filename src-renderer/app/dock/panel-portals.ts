/** A dock panel's DOM element that React should render a tab into. */
export interface PanelPortal {
  panelId: string;
  tabId: string;
  element: HTMLElement;
  /** The panel's parameters, saved with the layout (a tab's own state: a chart's timeframe, a link group). */
  params: PanelParams;
}

/** Reads and replaces a panel's parameters; the dock saves the layout after each change. */
export interface PanelParams {
  get(): Record<string, unknown>;
  set(next: Record<string, unknown>): void;
}

/**
 * The bridge between the dock (which creates and disposes panel elements imperatively) and React (which renders
 * into them through portals). Snapshots are immutable so useSyncExternalStore can compare them by identity.
 */
export class PanelPortalStore {
  private portals: readonly PanelPortal[] = [];
  private readonly listeners = new Set<() => void>();

  add(portal: PanelPortal): void {
    this.portals = [...this.portals.filter((p) => p.panelId !== portal.panelId), portal];
    this.emit();
  }

  remove(panelId: string): void {
    const next = this.portals.filter((p) => p.panelId !== panelId);
    if (next.length === this.portals.length) return;
    this.portals = next;
    this.emit();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): readonly PanelPortal[] => this.portals;

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
