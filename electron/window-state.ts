import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MIN_WINDOW_SIZE } from './window-options.js';

/** The app window's size and place, kept in the data folder between runs. */
export interface WindowState {
  /** Absent: let the system centre it. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 780 } as const;
/** A window counts as reachable when this much of its top edge (where the title bar is) is on a screen. */
const GRIP = { width: 96, height: 32 } as const;

const pixels = z.number().int().min(-100_000).max(100_000);
const stored = z.object({
  x: pixels.optional(),
  y: pixels.optional(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});

/** The state from a saved file; undefined when there is none or it is damaged (then defaults apply). */
export async function loadWindowState(file: string): Promise<WindowState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = stored.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file first, so that a crash mid-write leaves the old state, not half a file. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state)}\n`);
  await rename(temporary, file);
}

/**
 * Where the window opens: the saved state when its title bar is still on one of the screens'
 * work areas (`workAreas[0]` is the primary one), its size capped to that screen; otherwise
 * centred on the primary screen (a monitor was unplugged, the resolution changed).
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Bounds[]): WindowState {
  const primary = workAreas[0];
  if (saved === undefined) return { ...fitSize(DEFAULT_WINDOW_SIZE, primary), maximized: false };
  if (saved.x === undefined || saved.y === undefined) return { ...fitSize(saved, primary), maximized: saved.maximized };
  const grip = { x: saved.x, y: saved.y, width: saved.width, height: GRIP.height };
  const screen = workAreas.find((area) => {
    const overlap = intersection(grip, area);
    return overlap.width >= Math.min(GRIP.width, saved.width) && overlap.height >= GRIP.height;
  });
  if (screen === undefined) return { ...fitSize(saved, primary), maximized: saved.maximized };
  return { x: saved.x, y: saved.y, ...fitSize(saved, screen), maximized: saved.maximized };
}

function fitSize(size: { width: number; height: number }, area: Bounds | undefined): { width: number; height: number } {
  const maxWidth = Math.max(MIN_WINDOW_SIZE.width, area?.width ?? size.width);
  const maxHeight = Math.max(MIN_WINDOW_SIZE.height, area?.height ?? size.height);
  return {
    width: Math.min(Math.max(size.width, MIN_WINDOW_SIZE.width), maxWidth),
    height: Math.min(Math.max(size.height, MIN_WINDOW_SIZE.height), maxHeight),
  };
}

function intersection(a: Bounds, b: Bounds): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}
