// The DC charging curve as an SVG plot: the car's power against SoC, the charger's limit, and the
// charging window shaded under the power the car really gets (the lower of the two). The same
// frame overlays up to three cars' curves for the comparison. Margins leave room for the labels
// at the larger text size used on phones, so none is clipped.
import { el, number } from "./format.js";
import { t } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640, HEIGHT = 320, LEFT = 52, RIGHT = 30, TOP = 30, BOTTOM = 56;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The car's power at `soc` (linear between points, flat beyond the ends). */
export function powerAt(points, soc) {
  if (soc <= points[0].percentage) return points[0].power;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1], b = points[i];
    if (soc <= b.percentage) {
      const span = b.percentage - a.percentage;
      return span ? a.power + (b.power - a.power) * (soc - a.percentage) / span : b.power;
    }
  }
  return points[points.length - 1].power;
}

function niceMax(kw) {
  const step = kw > 200 ? 100 : 50;
  return Math.max(step, Math.ceil(kw / step) * step);
}

let plots = 0;

/** Axes and grid for powers up to `maxKw`; returns the root and the x/y scales. */
function frame(maxKw, label, description, testId) {
  const x = (soc) => LEFT + (soc / 100) * (WIDTH - LEFT - RIGHT);
  const y = (kw) => TOP + (1 - kw / maxKw) * (HEIGHT - TOP - BOTTOM);
  const id = `plot-${++plots}`;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "curve", role: "img",
    "data-testid": testId, "aria-labelledby": `${id}-title ${id}-desc`,
  });
  root.append(svg("title", { id: `${id}-title` }, label), svg("desc", { id: `${id}-desc` }, description));
  const kwStep = maxKw / 5;
  for (let kw = 0; kw <= maxKw; kw += kwStep) {
    root.append(svg("line", { class: "grid", x1: LEFT, x2: WIDTH - RIGHT, y1: y(kw), y2: y(kw) }));
    root.append(svg("text", { x: LEFT - 8, y: y(kw) + 6, "text-anchor": "end" }, number(kw, 0)));
  }
  for (let soc = 0; soc <= 100; soc += 20) {
    root.append(svg("text", { x: x(soc), y: HEIGHT - BOTTOM + 24, "text-anchor": "middle" }, `${soc}%`));
  }
  root.append(svg("text", { x: (LEFT + WIDTH - RIGHT) / 2, y: HEIGHT - 8, "text-anchor": "middle" }, t("curve.axisSoc")));
  root.append(svg("text", { x: 4, y: 20, "text-anchor": "start" }, "kW"));
  root.append(svg("line", { class: "axis", x1: LEFT, x2: WIDTH - RIGHT, y1: y(0), y2: y(0) }));
  root.append(svg("line", { class: "axis", x1: LEFT, x2: LEFT, y1: TOP, y2: y(0) }));
  return { root, x, y };
}

const polyline = (points, x, y) => points.map((p) => `${x(p.percentage).toFixed(1)},${y(p.power).toFixed(1)}`).join(" ");

export function curveSvg(points, { chargerKw, fromPct, toPct, label }) {
  const maxKw = niceMax(Math.max(chargerKw, ...points.map((p) => p.power)));
  const { root, x, y } = frame(maxKw, label, t("curve.description", { kw: chargerKw }), "charging-curve");
  const window = [];
  for (let soc = fromPct; soc <= toPct + 1e-9; soc += 0.5) {
    window.push(`${x(soc).toFixed(1)},${y(Math.min(powerAt(points, soc), chargerKw)).toFixed(1)}`);
  }
  const base = `${x(toPct).toFixed(1)},${y(0)} ${x(fromPct).toFixed(1)},${y(0)}`;
  root.append(svg("polygon", { class: "window", points: `${window.join(" ")} ${base}` }));
  root.append(svg("line", { class: "cap", x1: LEFT, x2: WIDTH - RIGHT, y1: y(chargerKw), y2: y(chargerKw) }));
  root.append(svg("polyline", { class: "car", points: polyline(points, x, y) }));
  return root;
}

/** Several cars' curves in one frame (series: [{points, label}]), each in its own colour. */
export function overlaySvg(series, { chargerKw, label }) {
  const maxKw = niceMax(Math.max(chargerKw, ...series.flatMap((s) => s.points.map((p) => p.power))));
  const { root, x, y } = frame(maxKw, label, t("curve.description", { kw: chargerKw }), "compare-curves");
  root.append(svg("line", { class: "cap", x1: LEFT, x2: WIDTH - RIGHT, y1: y(chargerKw), y2: y(chargerKw) }));
  series.forEach((s, i) => {
    if (s.points.length) root.append(svg("polyline", { class: `car series-${i}`, "data-series": i, points: polyline(s.points, x, y) }));
  });
  return root;
}

/** The same points as a table, for screen readers and for copying. */
export function curveTable(points) {
  return el("details", {},
    el("summary", {}, t("curve.data")),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("curve.socPct")), el("th", { scope: "col", class: "num" }, "kW"))),
      el("tbody", {}, points.map((p) =>
        el("tr", {}, el("td", {}, number(p.percentage, 1)), el("td", { class: "num" }, number(p.power, 1)))))));
}
