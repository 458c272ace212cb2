/** Which rows are selected: click, Ctrl/⌘-click and Shift-click as in a file manager. */

export interface Selection {
  readonly ids: ReadonlySet<string>;
  /** Where a Shift-click range starts. */
  readonly anchor: string | undefined;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: undefined };

export function selectOnly(id: string): Selection {
  return { ids: new Set([id]), anchor: id };
}

export function toggle(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (!ids.delete(id)) ids.add(id);
  return { ids, anchor: id };
}

/** From the anchor to `id` in the order shown (the anchor itself when it is no longer shown: just `id`). */
export function selectRange(selection: Selection, shown: readonly string[], id: string): Selection {
  const to = shown.indexOf(id);
  const from = selection.anchor === undefined ? -1 : shown.indexOf(selection.anchor);
  if (to < 0) return selection;
  if (from < 0) return selectOnly(id);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return { ids: new Set(shown.slice(lo, hi + 1)), anchor: selection.anchor };
}

export function selectAll(shown: readonly string[]): Selection {
  return { ids: new Set(shown), anchor: shown[0] };
}

/** Without the ids that no longer exist (removed torrents); the same object when nothing went. */
export function pruneSelection(selection: Selection, exists: (id: string) => boolean): Selection {
  const ids = [...selection.ids].filter(exists);
  if (ids.length === selection.ids.size) return selection;
  const anchor = selection.anchor !== undefined && exists(selection.anchor) ? selection.anchor : undefined;
  return { ids: new Set(ids), anchor };
}

export type ClickKind = 'plain' | 'toggle' | 'range';

export function clickSelection(selection: Selection, shown: readonly string[], id: string, kind: ClickKind): Selection {
  if (kind === 'toggle') return toggle(selection, id);
  if (kind === 'range') return selectRange(selection, shown, id);
  return selectOnly(id);
}
