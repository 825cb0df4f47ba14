import { createDockview, themeDark, type DockviewApi } from 'dockview';
import { findTab } from '../tab-registry.js';
import type { PanelPortalStore } from './panel-portals.js';
import { createTestableTab, PortalContentRenderer } from './panel-renderers.js';

const TESTABLE_TAB = 'testable';

export function createDock(element: HTMLElement, store: PanelPortalStore): DockviewApi {
  return createDockview(element, {
    theme: themeDark,
    defaultTabComponent: TESTABLE_TAB,
    createTabComponent: ({ id }) => createTestableTab(id),
    createComponent: ({ name }) => {
      // Unknown names come from a stale saved layout; throwing makes the restore fall back to the default.
      if (!findTab(name)) throw new Error(`no tab is registered as "${name}"`);
      return new PortalContentRenderer(store, name);
    },
  });
}
