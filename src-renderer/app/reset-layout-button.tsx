import { useState } from 'react';

/** Reset layout closes every tab (and forgets each chart's settings), so it asks first, inline. */
export function ResetLayoutButton({ enabled, onReset }: { enabled: boolean; onReset: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="toolbar-button subtle" disabled={!enabled} data-testid="reset-layout" onClick={() => setAsking(true)}>
        Reset layout
      </button>
    );
  }
  return (
    <span className="toolbar-confirm" role="alertdialog" aria-label="Reset the layout?" data-testid="reset-layout-ask">
      Close every tab and reset the layout?
      <button
        type="button"
        className="toolbar-button"
        data-testid="reset-layout-confirm"
        onClick={() => {
          setAsking(false);
          onReset();
        }}
      >
        Reset
      </button>
      <button type="button" className="toolbar-button subtle" data-testid="reset-layout-cancel" autoFocus onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}
