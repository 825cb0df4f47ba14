import { createContext, useContext, type ReactNode } from 'react';

type Open = (tabId: string) => void;
const TabOpenerContext = createContext<Open>(() => undefined);

export function TabOpenerProvider({ open, children }: { open: Open; children: ReactNode }) {
  return <TabOpenerContext.Provider value={open}>{children}</TabOpenerContext.Provider>;
}

/** Opens (or shows) a tab by id, as the toolbar does: for links inside a tab (Welcome's first steps). */
export function useOpenTab(): Open {
  return useContext(TabOpenerContext);
}
