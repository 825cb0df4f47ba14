import { AccountStrip } from './account-strip/account-strip.js';
import { KillSwitch } from './kill-switch.js';
import { ModeBanner } from './mode-banner.js';
import { ResetLayoutButton } from './reset-layout-button.js';
import { TAB_REGISTRY } from './tab-registry.js';

export interface ToolbarProps {
  enabled: boolean;
  /** `newInstance`: a modifier was held (Shift, Ctrl or Cmd): open another panel of a multi-instance kind. */
  onOpen: (tabId: string, newInstance: boolean) => void;
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
            onClick={(event) => onOpen(tab.id, event.shiftKey || event.ctrlKey || event.metaKey)}
            title={tab.multiInstance ? `Show the ${tab.title.toLowerCase()}; Shift-click opens another` : undefined}
          >
            {tab.title}
          </button>
        ))}
      </nav>
      <span className="toolbar-spacer" />
      <ModeBanner />
      <AccountStrip />
      <KillSwitch />
      <ResetLayoutButton enabled={enabled} onReset={onResetLayout} />
    </header>
  );
}
