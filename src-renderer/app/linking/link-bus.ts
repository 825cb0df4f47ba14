/**
 * Link groups, as desktop trading platforms colour them: tabs in the same group share one symbol, so choosing a
 * symbol in one (a watchlist row, a chart's symbol box) drives the others (charts, the ticket). 'none' is a tab
 * on its own.
 */
export const LINK_GROUPS = ['red', 'green', 'blue', 'amber'] as const;
export type LinkGroup = (typeof LINK_GROUPS)[number];
export type LinkChoice = LinkGroup | 'none';
/** New linkable tabs join the first group, so a watchlist, a chart and the ticket work together from the start. */
export const DEFAULT_LINK: LinkChoice = 'red';

export function isLinkChoice(value: unknown): value is LinkChoice {
  return value === 'none' || (LINK_GROUPS as readonly unknown[]).includes(value);
}

export interface LinkEvent {
  symbol: string;
  /** The panel that chose it, which does not hear its own choice back. */
  source: string;
}

type Listener = (event: LinkEvent) => void;

/** The current symbol of each group and who listens to it; one per window. */
export class LinkBus {
  private readonly current = new Map<LinkGroup, LinkEvent>();
  private readonly listeners = new Map<LinkGroup, Set<Listener>>();

  symbolOf(group: LinkChoice): string | undefined {
    return group === 'none' ? undefined : this.current.get(group)?.symbol;
  }

  publish(group: LinkChoice, symbol: string, source: string): void {
    if (group === 'none') return;
    const previous = this.current.get(group);
    if (previous?.symbol === symbol) return;
    const event = { symbol, source };
    this.current.set(group, event);
    for (const listener of this.listeners.get(group) ?? []) listener(event);
  }

  subscribe(group: LinkChoice, listener: Listener): () => void {
    if (group === 'none') return () => {};
    const set = this.listeners.get(group) ?? new Set<Listener>();
    this.listeners.set(group, set);
    set.add(listener);
    return () => set.delete(listener);
  }
}
