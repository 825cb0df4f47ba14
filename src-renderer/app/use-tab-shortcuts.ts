import { useEffect } from 'react';
import type { DockviewApi } from 'dockview';
import { matchTabShortcut } from '../keyboard/shortcuts.js';
import { applyTabAction } from './dock/tab-navigation.js';

/** Listens on the window in the capture phase so a focused input inside a tab cannot swallow the shortcut. */
export function useTabShortcuts(api: DockviewApi | undefined): void {
  useEffect(() => {
    if (!api) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      const action = matchTabShortcut(event);
      if (!action) return;
      event.preventDefault();
      applyTabAction(api, action);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [api]);
}
