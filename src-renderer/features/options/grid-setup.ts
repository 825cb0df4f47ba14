import { CellStyleModule, ClientSideRowModelModule, ColumnApiModule, ModuleRegistry, RowStyleModule } from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css';
import '../../components/grid/workstation-grid.css';

/**
 * AG Grid with only the modules the chain uses, styled by CSS files: the JavaScript theming API would inject <style>
 * elements at run time, which the GUI's CSP (style-src 'self') refuses.
 */
let registered = false;
export function registerChainGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([ClientSideRowModelModule, CellStyleModule, RowStyleModule, ColumnApiModule]);
}
