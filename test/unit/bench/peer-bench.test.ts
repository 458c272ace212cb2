import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GOAL, swarmPlot } from '../../../bench/swarm/plot.js';
import { Cleanup } from '../../../bench/transfer/cleanup.js';
import { attempt, envList, envNumber, ratio, table } from '../../../bench/transfer/report.js';

/** The pure parts the peer benchmarks (transfer, swarm, idle) print and draw with, and their clean-up. */

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('swarmPlot', () => {
  const input = {
    points: [
      { leechers: 4, seconds: 9.5 },
      { leechers: 1, seconds: 8.4 },
      { leechers: 8, seconds: 10.2 },
      { leechers: 2, seconds: 8.9 },
    ],
    boundSeconds: 8,
    title: 'swarm <F & U>',
    subtitle: 'F = 8 MiB',
  };

  type Node = Record<string, string>;
  const parse = (svg: string) => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg) as {
      svg: { circle: Node[]; polyline: Node[]; text: (Node | string)[] };
    };
    return doc.svg;
  };

  it('is well-formed SVG with one marker per N, left to right, higher for slower runs', () => {
    const svg = parse(swarmPlot(input));
    const markers = svg.circle.map((c) => ({ x: Number(c.cx), y: Number(c.cy) }));
    expect(markers).toHaveLength(4);
    const xs = markers.map((m) => m.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const ys = markers.map((m) => m.y);
    expect(ys).toEqual([...ys].sort((a, b) => b - a)); // SVG y grows downwards: slower is higher
  });

  it('draws the bound flat, the goal above it, and client-server rising to N·F/U', () => {
    const [clientServer, bound, goal, measured] = parse(swarmPlot(input)).polyline.map((p) =>
      p.points!.split(' ').map((xy) => xy.split(',').map(Number) as [number, number]),
    );
    expect(bound![0]![1]).toBe(bound![1]![1]);
    expect(goal![0]![1]).toBeLessThan(bound![0]![1]);
    expect(clientServer![1]![1]).toBeLessThan(clientServer![0]![1]);
    expect(measured).toHaveLength(4);
    // y is linear in seconds from the bottom axis: goal / bound = 1.3
    const axis = clientServer![0]![1] + (clientServer![0]![1] - clientServer![1]![1]) / (8 - 1);
    expect((axis - goal![0]![1]) / (axis - bound![0]![1])).toBeCloseTo(GOAL, 1);
  });

  it('escapes the title', () => {
    const svg = swarmPlot(input);
    expect(svg).toContain('swarm &lt;F &amp; U&gt;');
    expect(svg).not.toContain('<F & U>');
  });

  it('draws a single N in the middle of the axis', () => {
    const svg = parse(swarmPlot({ ...input, points: [{ leechers: 8, seconds: 9 }] }));
    expect(svg.circle).toMatchObject({ cx: '260' }); // halfway between the axis ends, 64 and 456
  });
});

describe('report helpers', () => {
  it('pads a table: names left, figures right, a rule under the header', () => {
    const out = table(
      ['way', 'MB/s'],
      [
        ['raw data channel', '101.5'],
        ['Shoal', '88.0'],
      ],
    ).split('\n');
    expect(out).toEqual([
      'way                MB/s',
      '----------------  -----',
      'raw data channel  101.5',
      'Shoal              88.0',
    ]);
  });

  it('reads numbers and lists from the environment, refusing bad values by name', () => {
    vi.stubEnv('BENCH_X', '16');
    expect(envNumber('BENCH_X', 256)).toBe(16);
    vi.stubEnv('BENCH_X', '');
    expect(envNumber('BENCH_X', 256)).toBe(256);
    for (const bad of ['abc', '-1', '0']) {
      vi.stubEnv('BENCH_X', bad);
      expect(() => envNumber('BENCH_X', 1)).toThrow(/BENCH_X must be a positive number/);
    }
    vi.stubEnv('BENCH_WAYS', 'raw, shoal');
    expect(envList('BENCH_WAYS', ['raw', 'shoal', 'webtorrent'], ['webtorrent'])).toEqual(['raw', 'shoal']);
    vi.stubEnv('BENCH_WAYS', 'raw,tcp');
    expect(() => envList('BENCH_WAYS', ['raw', 'shoal'], ['raw'])).toThrow(/BENCH_WAYS: unknown tcp/);
  });

  it('gives ratios with two decimals, n/a when a side is missing', () => {
    expect(ratio(88, 100)).toBe('0.88×');
    expect(ratio(undefined, 100)).toBe('n/a');
    expect(ratio(1, 0)).toBe('n/a');
  });
});

describe('attempt', () => {
  it('passes a result through, and turns a failure into undefined, a message and exit code 1', async () => {
    const before = process.exitCode;
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await attempt('ok', async () => 42)).toBe(42);
      expect(process.exitCode).toBe(before);
      expect(
        await attempt('round 2 Shoal', async () => {
          throw new Error('no reply');
        }),
      ).toBeUndefined();
      expect(error).toHaveBeenCalledWith('FAILED round 2 Shoal: no reply');
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = before;
    }
  });
});

describe('Cleanup', () => {
  it('runs steps last-in first-out, goes on after a failing step, and runs each once', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ran: string[] = [];
    const cleanup = new Cleanup();
    cleanup.add('a', async () => void ran.push('a'));
    cleanup.add('b', async () => {
      ran.push('b');
      throw new Error('boom');
    });
    cleanup.add('c', async () => void ran.push('c'));
    await cleanup.run();
    await cleanup.run();
    expect(ran).toEqual(['c', 'b', 'a']);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('b failed: boom'));
  });

  it('moves on from a step that never ends', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ran: string[] = [];
    const cleanup = new Cleanup();
    cleanup.add('after', async () => void ran.push('after'));
    cleanup.add('stuck', () => new Promise<void>(() => undefined));
    const started = performance.now();
    await cleanup.run(50);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(ran).toEqual(['after']);
  });

  it('runs a scope on its own, and again from its parent only if it was not run', async () => {
    const ran: string[] = [];
    const root = new Cleanup();
    root.add('root', async () => void ran.push('root'));
    const scope = root.scope('part');
    scope.add('inner', async () => void ran.push('inner'));
    await scope.run();
    expect(ran).toEqual(['inner']);
    const late = root.scope('late');
    late.add('late inner', async () => void ran.push('late inner'));
    await root.run();
    expect(ran).toEqual(['inner', 'late inner', 'root']);
  });
});
