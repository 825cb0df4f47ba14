import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { usePanelId, usePanelState } from '../dock/panel-context.js';
import { DEFAULT_LINK, isLinkChoice, LinkBus, type LinkChoice } from './link-bus.js';

const LinkContext = createContext<LinkBus | null>(null);

export function LinkProvider({ children }: { children: ReactNode }) {
  const [bus] = useState(() => new LinkBus());
  return <LinkContext.Provider value={bus}>{children}</LinkContext.Provider>;
}

export interface Link {
  group: LinkChoice;
  setGroup(group: LinkChoice): void;
  /** Tells the tabs of this tab's group that it chose a symbol. */
  publish(symbol: string): void;
}

/**
 * This tab's link group (saved with its dock panel) and the group's symbol: `onSymbol` hears every symbol another
 * tab of the group chooses, and the group's current one when this tab joins it.
 */
export function useLink(onSymbol: (symbol: string) => void): Link {
  const bus = useContext(LinkContext);
  const panelId = usePanelId();
  const [group, setGroup] = usePanelState<LinkChoice>('link', DEFAULT_LINK, isLinkChoice);
  const handler = useRef(onSymbol);
  handler.current = onSymbol;

  useEffect(() => {
    if (!bus) return;
    const joined = bus.symbolOf(group);
    if (joined) handler.current(joined);
    return bus.subscribe(group, (event) => {
      if (event.source !== panelId) handler.current(event.symbol);
    });
  }, [bus, group, panelId]);

  return { group, setGroup, publish: (symbol) => bus?.publish(group, symbol, panelId) };
}
