import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { TicketDraftBus, type TicketDraft } from './ticket-draft-bus.js';

const TicketDraftContext = createContext<TicketDraftBus | null>(null);

export function TicketDraftProvider({ children }: { children: ReactNode }) {
  const [bus] = useState(() => new TicketDraftBus());
  return <TicketDraftContext.Provider value={bus}>{children}</TicketDraftContext.Provider>;
}

/** Offers a draft to the ticket (the caller opens the ticket tab). */
export function useOfferTicketDraft(): (draft: TicketDraft) => void {
  const bus = useContext(TicketDraftContext);
  return (draft) => bus?.offer(draft);
}

/** The ticket's side: `onDraft` gets the draft waiting when it mounts and each one offered while it is open. */
export function useTicketDrafts(onDraft: (draft: TicketDraft) => void): void {
  const bus = useContext(TicketDraftContext);
  const handler = useRef(onDraft);
  handler.current = onDraft;
  useEffect(() => {
    if (!bus) return;
    const waiting = bus.take();
    if (waiting) handler.current(waiting);
    return bus.subscribe((draft) => handler.current(draft));
  }, [bus]);
}
