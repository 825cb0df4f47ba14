import { CellStyleModule, ClientSideRowModelApiModule, ClientSideRowModelModule, ModuleRegistry, RowApiModule, RowSelectionModule, RowStyleModule } from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css';
import '../../components/grid/workstation-grid.css';

/**
 * AG Grid with only the modules the watchlist uses, styled by its CSS files (the "legacy" theme mode). The
 * JavaScript theming API would inject <style> elements at run time, which the GUI's CSP (style-src 'self')
 * refuses; CSS files bundled with the renderer are served from 'self' like the rest of our styles.
 */
let registered = false;
export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([ClientSideRowModelModule, ClientSideRowModelApiModule, RowApiModule, RowSelectionModule, RowStyleModule, CellStyleModule]);
}
