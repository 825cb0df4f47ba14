import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { DockviewApi } from 'dockview';
import { useClient } from '../client-context.js';
import { TabErrorBoundary } from '../tab-error-boundary.js';
import { findTab } from '../tab-registry.js';
import { createDock } from './create-dock.js';
import { restoreLayout, saveLayout, watchLayout } from './layout-persistence.js';
import { PanelProvider } from './panel-context.js';
import { PanelPortalStore } from './panel-portals.js';

export interface DockHostProps {
  /** Called once the saved (or default) layout is in place, so the shell may start changing it. */
  onReady: (api: DockviewApi | undefined) => void;
}

/** Owns the dock: creates it, restores and saves its layout, and renders each panel's tab into it. */
export function DockHost({ onReady }: DockHostProps) {
  const client = useClient();
  const elementRef = useRef<HTMLDivElement>(null);
  const [store] = useState(() => new PanelPortalStore());
  const portals = useSyncExternalStore(store.subscribe, store.snapshot);
  const [activeTab, setActiveTab] = useState<string>('');
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const api = createDock(element, store);
    const activeSubscription = api.onDidActivePanelChange((event) => setActiveTab(event.panel?.id ?? ''));
    let disposed = false;
    let stopSaving = (): void => {};
    restoreLayout(api, client)
      .then((outcome) => {
        if (disposed) return;
        // A stale layout is replaced at once, so the next start does not trip over it again.
        if (outcome === 'fallback') saveLayout(api, client);
        stopSaving = watchLayout(api, client);
        setActiveTab(api.activePanel?.id ?? '');
        setReady(true);
        onReady(api);
      })
      .catch((error: unknown) => {
        // Only reachable when the dock was torn down mid-restore; nothing is left to show it in.
        if (!disposed) console.error('the dock could not start', error);
      });
    return () => {
      disposed = true;
      stopSaving();
      activeSubscription.dispose();
      onReady(undefined);
      api.dispose();
    };
  }, [client, store, onReady]);

  return (
    <div className="dock" ref={elementRef} data-testid="dock" data-active-tab={activeTab} data-ready={ready}>
      {portals.map((portal) => {
        const tab = findTab(portal.tabId);
        if (!tab) return null;
        const Content = tab.component;
        return createPortal(
          <PanelProvider panelId={portal.panelId} params={portal.params}>
            <TabErrorBoundary title={tab.title}>
              <Content />
            </TabErrorBoundary>
          </PanelProvider>,
          portal.element,
          portal.panelId,
        );
      })}
    </div>
  );
}
