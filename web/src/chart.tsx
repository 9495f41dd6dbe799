import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** `[epoch ms, value]` pairs, oldest first. */
export type Points = readonly (readonly number[])[];

export interface Line {
  readonly label: string;
  readonly points: Points;
  readonly color: string;
  readonly dash?: readonly number[];
}

export interface ChartProps {
  readonly title: string;
  readonly lines: readonly Line[];
  /** An interval drawn as a shaded band between two series (e.g. the estimate's 95 % interval). */
  readonly band?: { readonly low: Points; readonly high: Points; readonly label: string };
  /** Horizontal threshold lines. */
  readonly thresholds?: readonly { readonly value: number; readonly label: string }[];
  /** Time ranges shaded behind the lines (alert states), epoch ms. */
  readonly regions?: readonly { readonly from: number; readonly to: number; readonly severity: string }[];
  /** Points to mark (e.g. anomalies), epoch ms. */
  readonly marks?: readonly { readonly time: number; readonly value: number }[];
  readonly format?: (v: number) => string;
  readonly height?: number;
}

const REGION_FILL: Record<string, string> = {
  critical: 'rgba(224, 49, 49, 0.14)',
  warning: 'rgba(240, 140, 0, 0.14)',
  info: 'rgba(25, 113, 194, 0.10)',
};

/** Aligns series of different timestamps on one x axis (seconds), with gaps as null. */
export function align(series: readonly Points[]): AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.map((p) => p[0] ?? 0)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const [t = 0, v = null] of s) y[index.get(t) ?? 0] = v;
    return y;
  });
  return [xs.map((x) => x / 1000), ...ys] as AlignedData;
}

/**
 * The y range: the data and the threshold lines with 10 % padding, never below zero for
 * non-negative data, and a unit span when everything is one value (all zeros, say).
 */
export function yRange(lo: number | null, hi: number | null, thresholds: readonly number[]): [number, number] {
  const values = [lo, hi, ...thresholds].filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return [0, 1];
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 1e-9) {
    max = min === 0 ? 1 : max + Math.abs(max) * 0.5;
    min = min === 0 ? 0 : min - Math.abs(min) * 0.5;
  }
  const pad = (max - min) * 0.1;
  return [min >= 0 ? Math.max(0, min - pad) : min - pad, max + pad];
}

let firstDrawn = false;

/**
 * A uPlot time-series chart: lines, an optional interval band, threshold lines and shaded
 * alert regions (drawn on the canvas by a hook, like Grafana's annotations). It follows its
 * container's width and the page's colour scheme; `data-points` tells how many values it drew.
 */
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const { lines, band, thresholds = [], regions = [], marks = [], format } = props;
  const series = [...lines.map((l) => l.points), ...(band !== undefined ? [band.high, band.low] : [])];
  const points = series.reduce((n, s) => n + s.length, 0);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const ink = getComputedStyle(el).color;
    const grid = 'rgba(128, 128, 128, 0.18)';
    const value = (_: uPlot, v: number | null) =>
      v === null ? '–' : format !== undefined ? format(v) : v.toPrecision(3);
    const opts: Options = {
      width: Math.max(240, el.clientWidth),
      height: props.height ?? 180,
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      scales: {
        x: { time: true },
        y: {
          range: (_u, lo, hi) =>
            yRange(
              lo,
              hi,
              thresholds.map((t) => t.value),
            ),
        },
      },
      axes: [
        { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid } },
        {
          stroke: ink,
          grid: { stroke: grid },
          ticks: { stroke: grid },
          size: 64,
          values: (_u, splits) => splits.map((v) => (format !== undefined ? format(v) : String(v))),
        },
      ],
      series: [
        {},
        ...lines.map((l) => ({
          label: l.label,
          stroke: l.color,
          width: 2,
          spanGaps: true,
          dash: l.dash ? [...l.dash] : [],
          value,
        })),
        ...(band !== undefined
          ? [
              { label: `${band.label} (high)`, stroke: 'rgba(128,128,128,0.5)', width: 1, spanGaps: true, value },
              { label: `${band.label} (low)`, stroke: 'rgba(128,128,128,0.5)', width: 1, spanGaps: true, value },
            ]
          : []),
      ],
      ...(band !== undefined
        ? {
            bands: [
              { series: [lines.length + 1, lines.length + 2] as [number, number], fill: 'rgba(128,128,128,0.18)' },
            ],
          }
        : {}),
      hooks: {
        drawClear: [
          (u) => {
            const { ctx } = u;
            const { top, height } = u.bbox;
            for (const r of regions) {
              const x0 = Math.max(u.bbox.left, u.valToPos(r.from / 1000, 'x', true));
              const x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(r.to / 1000, 'x', true));
              if (x1 <= x0) continue;
              ctx.fillStyle = REGION_FILL[r.severity] ?? REGION_FILL.info ?? '';
              ctx.fillRect(x0, top, x1 - x0, height);
            }
          },
        ],
        draw: [
          (u) => {
            const { ctx } = u;
            ctx.save();
            ctx.setLineDash([6, 4]);
            ctx.lineWidth = 1.5;
            ctx.strokeStyle = '#e03131';
            ctx.fillStyle = '#e03131';
            ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
            for (const t of thresholds) {
              const y = u.valToPos(t.value, 'y', true);
              if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
              ctx.beginPath();
              ctx.moveTo(u.bbox.left, y);
              ctx.lineTo(u.bbox.left + u.bbox.width, y);
              ctx.stroke();
              ctx.textAlign = 'right';
              ctx.fillText(t.label, u.bbox.left + u.bbox.width - 4, y - 4);
            }
            ctx.setLineDash([]);
            for (const m of marks) {
              const x = u.valToPos(m.time / 1000, 'x', true);
              const y = u.valToPos(m.value, 'y', true);
              ctx.beginPath();
              ctx.arc(x, y, 4 * devicePixelRatio, 0, 2 * Math.PI);
              ctx.fill();
            }
            ctx.restore();
            // The hook outlives the render that made it: read the drawn data, not `points`.
            if (!firstDrawn && u.data.slice(1).some((ys) => ys.some((v) => v !== null && v !== undefined))) {
              firstDrawn = true;
              performance.mark('first-chart');
            }
          },
        ],
      },
    };
    const chart = new uPlot(opts, align(series), el);
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(240, el.clientWidth), height: opts.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = undefined;
    };
    // Rebuilt when the shape changes (series, thresholds, regions); data alone is set below.
  }, [lines.length, band !== undefined, JSON.stringify(thresholds), JSON.stringify(regions), JSON.stringify(marks)]);

  useEffect(() => {
    plot.current?.setData(align(series));
  });

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="plot" data-points={points} role="img" aria-label={`${props.title}: ${points} points`} />
      {points === 0 && <p class="empty">No data yet.</p>}
    </figure>
  );
}
