// The DC charging curve as an SVG plot: the car's power against SoC, the charger's limit, and the
// charging window shaded under the power the car really gets (the lower of the two).
import { el, number } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640, HEIGHT = 310, LEFT = 48, RIGHT = 12, TOP = 24, BOTTOM = 36;

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

export function curveSvg(points, { chargerKw, fromPct, toPct, label }) {
  const maxKw = niceMax(Math.max(chargerKw, ...points.map((p) => p.power)));
  const x = (soc) => LEFT + (soc / 100) * (WIDTH - LEFT - RIGHT);
  const y = (kw) => TOP + (1 - kw / maxKw) * (HEIGHT - TOP - BOTTOM);
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "curve", role: "img",
    "data-testid": "charging-curve", "aria-labelledby": "curve-svg-title curve-svg-desc",
  });
  root.append(svg("title", { id: "curve-svg-title" }, label));
  root.append(svg("desc", { id: "curve-svg-desc" },
    `Charging power in kW against state of charge in percent; the charger gives at most ${chargerKw} kW.`));
  const kwStep = maxKw / 5;
  for (let kw = 0; kw <= maxKw; kw += kwStep) {
    root.append(svg("line", { class: "grid", x1: LEFT, x2: WIDTH - RIGHT, y1: y(kw), y2: y(kw) }));
    root.append(svg("text", { x: LEFT - 6, y: y(kw) + 4, "text-anchor": "end" }, number(kw, 0)));
  }
  for (let soc = 0; soc <= 100; soc += 20) {
    root.append(svg("text", { x: x(soc), y: HEIGHT - BOTTOM + 16, "text-anchor": "middle" }, `${soc}%`));
  }
  root.append(svg("text", { x: WIDTH / 2, y: HEIGHT - 4, "text-anchor": "middle" }, "state of charge"));
  root.append(svg("text", { x: LEFT - 6, y: 12, "text-anchor": "end" }, "kW"));
  root.append(svg("line", { class: "axis", x1: LEFT, x2: WIDTH - RIGHT, y1: y(0), y2: y(0) }));
  root.append(svg("line", { class: "axis", x1: LEFT, x2: LEFT, y1: TOP, y2: y(0) }));

  const window = [];
  for (let soc = fromPct; soc <= toPct + 1e-9; soc += 0.5) {
    window.push(`${x(soc).toFixed(1)},${y(Math.min(powerAt(points, soc), chargerKw)).toFixed(1)}`);
  }
  const base = `${x(toPct).toFixed(1)},${y(0)} ${x(fromPct).toFixed(1)},${y(0)}`;
  root.append(svg("polygon", { class: "window", points: `${window.join(" ")} ${base}` }));
  root.append(svg("line", { class: "cap", x1: LEFT, x2: WIDTH - RIGHT, y1: y(chargerKw), y2: y(chargerKw) }));
  const line = points.map((p) => `${x(p.percentage).toFixed(1)},${y(p.power).toFixed(1)}`);
  root.append(svg("polyline", { class: "car", points: line.join(" ") }));
  return root;
}

/** The same points as a table, for screen readers and for copying. */
export function curveTable(points) {
  return el("details", {},
    el("summary", {}, "Curve data"),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "SoC %"), el("th", { scope: "col", class: "num" }, "kW"))),
      el("tbody", {}, points.map((p) =>
        el("tr", {}, el("td", {}, number(p.percentage, 1)), el("td", { class: "num" }, number(p.power, 1)))))));
}
