import { createContext, useContext, type ReactNode } from 'react';
import type { WorkstationClient } from '../../src-shared/ipc/client.js';

const ClientContext = createContext<WorkstationClient | null>(null);

export function ClientProvider({ client, children }: { client: WorkstationClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** Throws outside the provider: a component without a client is a wiring bug, not a state to render. */
export function useClient(): WorkstationClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() needs a <ClientProvider> above it');
  return client;
}
