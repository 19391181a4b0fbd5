// What the overlay says in words: its instructions, why a selection is
// refused, and the selection described for the polite live region (a screen
// reader hears the size and place of what is selected, not every move).
import { measure, type Edges, type Point, type Space } from './selection.js';

export const OFF_DISPLAY = 'A selection stays on one display.';

export const instructions =
  'Drag to select a region, or move the crosshair with the arrow keys and press Space to start and end a selection. ' +
  'Arrow keys move the selection by one pixel, Shift by ten, Alt with arrows resizes it. ' +
  'A selects the whole display. Enter confirms, Escape cancels.';

/** What the selection looks like now, in words. */
export interface SelectionView {
  space: Space | null;
  selection: Edges | null;
  cursor: Point | null;
  keyboardAnchor: Point | null;
  cursorFrom: 'pointer' | 'keyboard';
}

/** The selection (or the crosshair, or the display) described for the polite live region. */
export function describe(state: SelectionView): string {
  const { space, selection, cursor } = state;
  if (!space) return '';
  if (state.keyboardAnchor && cursor) {
    const size = measure(space, selection);
    const where = `Crosshair at ${cursor.x}, ${cursor.y}.`;
    return size.ok
      ? `Selecting: ${size.rect.width} by ${size.rect.height} pixels. ${where} Space ends the selection.`
      : `Selecting. ${where} Space ends the selection.`;
  }
  if (selection) {
    const size = measure(space, selection);
    if (!size.ok) return size.reason;
    return `Selection ${size.rect.width} by ${size.rect.height} pixels at ${size.rect.x}, ${size.rect.y}. Enter confirms.`;
  }
  if (cursor && state.cursorFrom === 'keyboard')
    return `Crosshair at ${cursor.x}, ${cursor.y}. Space starts a selection.`;
  return `Display of ${space.capture.width} by ${space.capture.height} pixels. ${instructions}`;
}
