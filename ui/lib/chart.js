// The dashboard's trend chart, drawn as SVG from the numbers Rust computed: bars for the reviews
// per month, lines for the average rating of each platform. No library, no remote script; the
// same numbers are offered as a table for screen readers and for reading exact values.

const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#1f5f8b', '#c2571a', '#2e7d4f', '#7a4fa0'];
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export const monthLabel = (ym) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(2, 4)}`;

/** An SVG of `trend` ({ months, counts, platforms: [{ platform, averages }] }), `width` wide. */
export function trendChart(trend, { width = 640, height = 220 } = {}) {
  const pad = { left: 36, right: 36, top: 12, bottom: 28 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const n = trend.months.length;
  const step = w / n;
  const maxCount = Math.max(1, ...trend.counts);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'trend-chart', role: 'img', 'data-testid': 'trend-chart' });
  const total = trend.counts.reduce((a, b) => a + b, 0);
  svg.setAttribute('aria-label', `Avis des douze derniers mois : ${total} au total ; courbes de la note moyenne par plateforme.`);
  // Axes: counts on the left, ratings 1 to 5 on the right.
  for (const r of [1, 2, 3, 4, 5]) {
    const y = pad.top + h - ((r - 1) / 4) * h;
    svg.append(el('line', { x1: pad.left, x2: pad.left + w, y1: y, y2: y, class: 'grid' }));
    svg.append(el('text', { x: pad.left + w + 6, y: y + 4, class: 'axis' }, `${r}★`));
  }
  svg.append(el('text', { x: 2, y: pad.top + 10, class: 'axis' }, String(maxCount)));
  svg.append(el('text', { x: 2, y: pad.top + h, class: 'axis' }, '0'));
  trend.counts.forEach((c, i) => {
    const bh = (c / maxCount) * h;
    const x = pad.left + i * step + step * 0.15;
    const bar = el('rect', { x, y: pad.top + h - bh, width: step * 0.7, height: bh, class: 'bar' });
    bar.append(el('title', {}, `${monthLabel(trend.months[i])} : ${c} avis`));
    svg.append(bar);
    if (i % 2 === (n - 1) % 2) svg.append(el('text', { x: x + step * 0.35, y: height - 8, class: 'axis month', 'text-anchor': 'middle' }, monthLabel(trend.months[i])));
  });
  trend.platforms.forEach((p, k) => {
    const points = p.averages
      .map((a, i) => (a == null ? null : [pad.left + i * step + step / 2, pad.top + h - ((a - 1) / 4) * h]))
      .filter(Boolean);
    if (points.length > 1) svg.append(el('polyline', { points: points.map((q) => q.join(',')).join(' '), class: 'line', stroke: COLORS[k % COLORS.length] }));
    for (const [x, y] of points) svg.append(el('circle', { cx: x, cy: y, r: 3, fill: COLORS[k % COLORS.length] }));
  });
  return svg;
}

/** The legend: one colour per platform line. */
export function legend(trend) {
  return trend.platforms.map((p, k) => ({ color: COLORS[k % COLORS.length], label: `${p.platform} (${p.total} avis)` }));
}
