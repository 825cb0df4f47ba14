import { useCallback, useState } from 'react';
import type { DockviewApi } from 'dockview';
import { DockHost } from './dock/dock-host.js';
import { applyDefaultLayout } from './dock/default-layout.js';
import { openTab } from './dock/open-tab.js';
import { AlertToasts } from './alert-toasts/alert-toasts.js';
import { LinkProvider } from './linking/link-context.js';
import { TicketDraftProvider } from './ticket-draft/ticket-draft-context.js';
import { SignInNotice } from './sign-in-notice.js';
import { TabOpenerProvider } from './dock/tab-opener.js';
import { StatusBar } from './status-bar/status-bar.js';
import { Toolbar } from './toolbar.js';
import { useTabShortcuts } from './use-tab-shortcuts.js';

export function App() {
  const [api, setApi] = useState<DockviewApi>();
  const onReady = useCallback((ready: DockviewApi | undefined) => setApi(ready), []);
  useTabShortcuts(api);

  return (
    <LinkProvider>
      <TicketDraftProvider>
        <div className="shell dockview-theme-dark">
          <Toolbar
            enabled={api !== undefined}
            onOpen={(tabId, newInstance) => api && openTab(api, tabId, { newInstance })}
            onResetLayout={() => api && applyDefaultLayout(api)}
          />
          <main className="shell-main">
            <TabOpenerProvider open={(tabId) => api && openTab(api, tabId)}>
              <DockHost onReady={onReady} />
            </TabOpenerProvider>
          </main>
          <StatusBar />
          <AlertToasts />
          <SignInNotice />
        </div>
      </TicketDraftProvider>
    </LinkProvider>
  );
}
