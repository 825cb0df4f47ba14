import { DefaultTab, type GroupPanelPartInitParameters, type IContentRenderer, type ITabRenderer, type TabPartInitParameters } from 'dockview';
import type { PanelPortalStore } from './panel-portals.js';

/** A panel's content: an empty element handed to React, which renders the tab into it through a portal. */
export class PortalContentRenderer implements IContentRenderer {
  readonly element = document.createElement('div');
  private panelId: string | undefined;

  constructor(
    private readonly store: PanelPortalStore,
    private readonly tabId: string,
  ) {
    this.element.className = 'panel-host';
  }

  init(parameters: GroupPanelPartInitParameters): void {
    const api = parameters.api;
    this.panelId = api.id;
    const initial = parameters.params;
    this.store.add({
      panelId: this.panelId,
      tabId: this.tabId,
      element: this.element,
      params: {
        // Before any update the api has no parameters of its own: those it was created or restored with apply.
        get: () => ({ ...initial, ...(api.getParameters<Record<string, unknown>>() ?? {}) }),
        set: (next) => api.updateParameters(next),
      },
    });
  }

  dispose(): void {
    if (this.panelId !== undefined) this.store.remove(this.panelId);
  }
}

/** The library's tab, plus stable test ids on the tab and its close button. */
export function createTestableTab(panelId: string): ITabRenderer {
  const tab = new DefaultTab();
  const init = tab.init.bind(tab);
  tab.init = (parameters: TabPartInitParameters) => {
    init(parameters);
    tab.element.dataset.testid = `tab-${panelId}`;
    const close = tab.element.querySelector<HTMLElement>('.dv-default-tab-action');
    if (close) close.dataset.testid = `tab-close-${panelId}`;
  };
  return tab;
}
