/**
 * The swarm benchmark's plot, as a hand-written SVG: time until every leecher has the file against
 * the number of leechers, next to the client-server time N·F/U, the peer-to-peer bound F/U and
 * the goal (1.3 × the bound).
 */

export interface SwarmPoint {
  leechers: number;
  seconds: number;
}

export interface PlotInput {
  /** At least one. */
  points: SwarmPoint[];
  /** F/U: one upload's worth of the file, the peer-to-peer bound. */
  boundSeconds: number;
  title: string;
  subtitle: string;
}

export const GOAL = 1.3;

const W = 640;
const H = 400;
const M = { left: 64, right: 184, top: 56, bottom: 48 };
const COLORS = { measured: '#1f6feb', clientServer: '#cf222e', bound: '#1a7f37' };
const DASHED = 'stroke-dasharray="6 4"';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (n: number) => Number(n.toFixed(1)).toString();

/** 1, 2 or 5 × a power of ten: a tick step giving about `count` ticks up to `max`. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

/** Maps leechers and seconds to SVG coordinates. */
function scales(input: PlotInput) {
  const ns = input.points.map((p) => p.leechers);
  const minN = Math.min(...ns);
  const maxN = Math.max(...ns);
  const yMax = Math.max(maxN * input.boundSeconds, ...input.points.map((p) => p.seconds)) * 1.05;
  const x = (n: number) => M.left + (maxN === minN ? 0.5 : (n - minN) / (maxN - minN)) * (W - M.left - M.right);
  const y = (s: number) => H - M.bottom - (s / yMax) * (H - M.top - M.bottom);
  return { ns, minN, maxN, yMax, x, y };
}

function axes({ ns, yMax, x, y }: ReturnType<typeof scales>): string[] {
  const step = niceStep(yMax, 6);
  const ticks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  return [
    ...ticks.map(
      (t) =>
        `<line x1="${M.left}" y1="${num(y(t))}" x2="${W - M.right}" y2="${num(y(t))}" stroke="#eee"/>` +
        `<text x="${M.left - 8}" y="${num(y(t) + 4)}" text-anchor="end">${num(t)}</text>`,
    ),
    ...ns.map((n) => `<text x="${num(x(n))}" y="${H - M.bottom + 18}" text-anchor="middle">${n}</text>`),
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#333"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="#333"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">leechers N</text>`,
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">seconds until every leecher has the file</text>`,
  ];
}

function legend(): string[] {
  const entries: [string, string, string][] = [
    [COLORS.measured, 'Shoal, measured', ''],
    [COLORS.clientServer, 'client-server N·F/U', ''],
    [COLORS.bound, 'peer-to-peer bound F/U', ''],
    [COLORS.bound, `goal: ${GOAL} × F/U`, DASHED],
  ];
  const left = W - M.right + 16;
  return entries.map(([color, label, dash], i) => {
    const top = M.top + 10 + i * 22;
    return (
      `<line x1="${left}" y1="${top}" x2="${left + 24}" y2="${top}" stroke="${color}" stroke-width="2" ${dash}/>` +
      `<text x="${left + 30}" y="${top + 4}">${escape(label)}</text>`
    );
  });
}

/** The SVG text. */
export function swarmPlot(input: PlotInput): string {
  const s = scales(input);
  const polyline = (points: [number, number][], color: string, extra = '') =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" ${extra} points="${points
      .map(([n, seconds]) => `${num(s.x(n))},${num(s.y(seconds))}`)
      .join(' ')}"/>`;
  const across = (seconds: (n: number) => number): [number, number][] => [
    [s.minN, seconds(s.minN)],
    [s.maxN, seconds(s.maxN)],
  ];
  const measured = [...input.points].sort((a, b) => a.leechers - b.leechers);
  const body = [
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="bold">${escape(input.title)}</text>`,
    `<text x="${M.left}" y="40" fill="#555">${escape(input.subtitle)}</text>`,
    ...axes(s),
    polyline(
      across((n) => n * input.boundSeconds),
      COLORS.clientServer,
    ),
    polyline(
      across(() => input.boundSeconds),
      COLORS.bound,
    ),
    polyline(
      across(() => GOAL * input.boundSeconds),
      COLORS.bound,
      DASHED,
    ),
    polyline(
      measured.map((p) => [p.leechers, p.seconds]),
      COLORS.measured,
    ),
    ...measured.map(
      (p) =>
        `<circle cx="${num(s.x(p.leechers))}" cy="${num(s.y(p.seconds))}" r="4" fill="${COLORS.measured}">` +
        `<title>N = ${p.leechers}: ${p.seconds.toFixed(2)} s</title></circle>`,
    ),
    ...legend(),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    ...body.map((line) => `  ${line}`),
    '</svg>',
    '',
  ].join('\n');
}
