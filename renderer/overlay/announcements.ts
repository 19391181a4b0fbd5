// What the overlay says in words, in its language (words.ts): why a
// selection cannot be confirmed, and the selection described for the polite
// live region (a screen reader hears the size and place of what is selected,
// not every move).
import { measure, type Edges, type Point, type Space } from './selection.js';
import type { OverlayWords } from './words.js';

/** What the selection looks like now, in words. */
export interface SelectionView {
  space: Space | null;
  selection: Edges | null;
  cursor: Point | null;
  keyboardAnchor: Point | null;
  cursorFrom: 'pointer' | 'keyboard';
}

/**
 * Why a selection the page measured cannot be confirmed. The page's edges
 * map to exactly the pixels main crops (selection.ts), so what geometry
 * refuses is an empty selection or one under two pixels across.
 */
export function whyNot(words: OverlayWords, edges: Edges | null): string {
  const width = edges ? edges.right - edges.left : 0;
  const height = edges ? edges.bottom - edges.top : 0;
  return width <= 0 || height <= 0 ? words.empty : words.tooSmall(width, height);
}

/** The selection (or the crosshair, or the display) described for the polite live region. */
export function describe(words: OverlayWords, state: SelectionView): string {
  const { space, selection, cursor } = state;
  if (!space) return '';
  if (state.keyboardAnchor && cursor) {
    const size = measure(space, selection);
    return size.ok
      ? words.selecting(size.rect.width, size.rect.height, cursor.x, cursor.y)
      : words.selectingNothing(cursor.x, cursor.y);
  }
  if (selection) {
    const size = measure(space, selection);
    if (!size.ok) return whyNot(words, selection);
    return words.selection(size.rect.width, size.rect.height, size.rect.x, size.rect.y);
  }
  if (cursor && state.cursorFrom === 'keyboard') return words.crosshair(cursor.x, cursor.y);
  return words.display(space.capture.width, space.capture.height);
}
