import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { webglAvailable } from './echarts-gl-setup.js';
import type { SurfaceData } from './surface-data.js';

/** The performance measure a bench reads: from the chart's creation to its first finished frame. */
export const FIRST_PAINT_MEASURE = 'options-surface-first-paint';

// echarts-gl's axes take no colours from the dark theme: light text and lines on the dark panel.
const AXIS_STYLE = { nameTextStyle: { color: '#ccc' }, axisLabel: { textStyle: { color: '#bbb' } }, axisLine: { lineStyle: { color: '#888' } } };

/**
 * The implied-volatility surface in 3D (echarts-gl, WebGL): moneyness (strike / spot) x days to expiry x IV. Drag
 * to turn it. Without WebGL (a GPU-less browser with no software fallback) it says so instead of drawing nothing.
 */
export default function IvSurface3d({ data }: { data: SurfaceData }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [webgl] = useState(webglAvailable);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!webgl || !el.current) return;
    const start = `${FIRST_PAINT_MEASURE}-start`;
    performance.mark(start);
    let measured = false;
    try {
      const instance = echarts.init(el.current, 'dark');
      chart.current = instance;
      instance.on('finished', () => {
        if (measured) return;
        measured = true;
        // The frame after 'finished' is the one the trader sees.
        requestAnimationFrame(() => performance.measure(FIRST_PAINT_MEASURE, start));
      });
      const observer = new ResizeObserver(() => instance.resize());
      observer.observe(el.current);
      return () => {
        observer.disconnect();
        instance.dispose();
        chart.current = null;
      };
    } catch (e) {
      setFailure(`the 3D surface could not start WebGL: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }, [webgl]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || data.shape[0] < 2) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const [, , iv] of data.grid) {
      lo = Math.min(lo, iv);
      hi = Math.max(hi, iv);
    }
    instance.setOption(
      {
        backgroundColor: 'transparent',
        tooltip: { formatter: (p: { value: [number, number, number] }) => `K/S ${p.value[0].toFixed(2)} · ${p.value[1]} d · IV ${p.value[2].toFixed(1)}%` },
        visualMap: { show: false, dimension: 2, min: lo, max: hi, inRange: { color: ['#313695', '#4575b4', '#74add1', '#fee090', '#f46d43', '#a50026'] } },
        xAxis3D: { type: 'value', name: 'K/S', min: 0.8, max: 1.2, ...AXIS_STYLE },
        yAxis3D: { type: 'value', name: 'days', ...AXIS_STYLE },
        zAxis3D: { type: 'value', name: 'IV %', ...AXIS_STYLE },
        grid3D: { boxWidth: 100, boxDepth: 80, boxHeight: 60, viewControl: { alpha: 20, beta: 35, distance: 165 } },
        series: [{ type: 'surface', data: data.grid, dataShape: data.shape, shading: 'color', wireframe: { show: true, lineStyle: { color: 'rgba(255,255,255,0.25)' } } }],
      },
      { notMerge: true },
    );
  }, [data]);

  if (!webgl || failure) {
    return (
      <div className="options-surface options-nowebgl" role="alert" data-testid="options-surface-nowebgl">
        {failure ?? 'No WebGL in this window, so the 3D surface cannot be drawn (the smile and term structure beside it show the same data in 2D). In Chromium without a GPU, software WebGL needs --enable-unsafe-swiftshader.'}
      </div>
    );
  }
  return (
    <div className="options-surface" data-testid="options-surface">
      {data.shape[0] < 2 && <div className="options-hint">The surface needs two or more expiries with prices.</div>}
      <div ref={el} className="options-surface-canvas" />
    </div>
  );
}
