// The 3D pieces the IV surface needs, registered on the same ECharts core the other charts use. Imported only by the
// lazily loaded surface component, so echarts-gl's WebGL engine is a chunk of its own, fetched when the surface draws.
import { SurfaceChart } from 'echarts-gl/charts';
import { Grid3DComponent } from 'echarts-gl/components';
import { VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';

echarts.use([SurfaceChart, Grid3DComponent, VisualMapComponent]);

/** Whether this browser gives a page WebGL (echarts-gl draws with it); a GPU-less Chromium may not. */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}
