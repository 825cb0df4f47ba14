// Only the ECharts pieces the chart uses, so the renderer bundle stays small.
import { BarChart, CandlestickChart, LineChart, ScatterChart } from 'echarts/charts';
import { AxisPointerComponent, DataZoomComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  CandlestickChart, BarChart, LineChart, ScatterChart,
  GridComponent, DataZoomComponent, AxisPointerComponent, TooltipComponent, MarkLineComponent,
  CanvasRenderer,
]);

export { echarts };
