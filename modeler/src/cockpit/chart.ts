/**
 * A small bar chart in SVG, drawn by hand: one group of bars per bucket
 * (started, completed, incidents), a y axis with its maximum, and a few
 * time labels. No chart library: the dashboard needs one chart.
 */
const SVG = 'http://www.w3.org/2000/svg';

export interface Series {
  name: string;
  className: string;
  values: number[];
}

export interface ChartOptions {
  labels: string[];
  series: Series[];
  width?: number;
  height?: number;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function barChart({ labels, series, width = 720, height = 200 }: ChartOptions): SVGSVGElement {
  const left = 40;
  const bottom = 22;
  const top = 10;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'bar-chart', role: 'img', 'aria-label': series.map((s) => s.name).join(', ') });
  chart.append(
    svg('line', { x1: left, y1: top, x2: left, y2: top + plotHeight, class: 'axis' }),
    svg('line', { x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, class: 'axis' }),
    svg('text', { x: left - 4, y: top + 8, class: 'tick', 'text-anchor': 'end' }, String(max)),
    svg('text', { x: left - 4, y: top + plotHeight, class: 'tick', 'text-anchor': 'end' }, '0'),
  );
  const slot = plotWidth / Math.max(1, labels.length);
  const barWidth = Math.max(1, (slot * 0.8) / series.length);
  labels.forEach((label, index) => {
    const x0 = left + index * slot + slot * 0.1;
    series.forEach((s, which) => {
      const value = s.values[index] ?? 0;
      const barHeight = (value / max) * plotHeight;
      const bar = svg('rect', { x: x0 + which * barWidth, y: top + plotHeight - barHeight, width: barWidth, height: barHeight, class: s.className });
      bar.append(svg('title', {}, `${label}: ${value} ${s.name}`));
      chart.append(bar);
    });
    // A label under every few buckets, so that they do not overlap.
    if (index % Math.ceil(labels.length / 8) === 0) chart.append(svg('text', { x: x0, y: height - 6, class: 'tick' }, label));
  });
  return chart;
}
