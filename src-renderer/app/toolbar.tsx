import { AccountStrip } from './account-strip/account-strip.js';
import { KillSwitch } from './kill-switch.js';
import { ModeBanner } from './mode-banner.js';
import { TAB_REGISTRY } from './tab-registry.js';

export interface ToolbarProps {
  enabled: boolean;
  onOpen: (tabId: string) => void;
  onResetLayout: () => void;
}

export function Toolbar({ enabled, onOpen, onResetLayout }: ToolbarProps) {
  return (
    <header className="toolbar" data-testid="toolbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Alpaca Workstation
      </span>
      <nav className="toolbar-group" aria-label="Open tab">
        {TAB_REGISTRY.map((tab) => (
          <button
            key={tab.id}
            type="button"
            className="toolbar-button"
            disabled={!enabled}
            data-testid={`open-tab-${tab.id}`}
            onClick={() => onOpen(tab.id)}
          >
            {tab.title}
          </button>
        ))}
      </nav>
      <span className="toolbar-spacer" />
      <ModeBanner />
      <AccountStrip />
      <KillSwitch />
      <button
        type="button"
        className="toolbar-button subtle"
        disabled={!enabled}
        data-testid="reset-layout"
        onClick={onResetLayout}
      >
        Reset layout
      </button>
    </header>
  );
}
