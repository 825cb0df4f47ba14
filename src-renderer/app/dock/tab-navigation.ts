import type { DockviewApi } from 'dockview';
import type { TabAction } from '../../keyboard/shortcuts.js';

/** Moves within the active group's tabs; next and previous wrap around. Returns whether anything changed. */
export function applyTabAction(api: DockviewApi, action: TabAction): boolean {
  const group = api.activeGroup;
  if (!group) return false;
  const panels = group.panels;
  if (panels.length === 0) return false;
  const current = group.activePanel ? panels.indexOf(group.activePanel) : -1;
  let target: number;
  switch (action.kind) {
    case 'next':
      target = (current + 1) % panels.length;
      break;
    case 'previous':
      target = (current - 1 + panels.length) % panels.length;
      break;
    case 'nth':
      target = action.index;
      break;
  }
  const panel = panels[target];
  if (!panel || target === current) return false;
  panel.api.setActive();
  return true;
}
