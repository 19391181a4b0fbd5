import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mainCrop, primary, rightOfPrimary, startOverlayPages, type OverlayPages } from './overlay-pages.js';

// The overlay page in Chromium (overlay-pages.ts) from the keyboard: arrows
// move and resize by device pixels, Space starts and ends a selection, A
// selects the whole display, Enter confirms (refusing an empty or tiny
// selection, with the reason), Esc cancels.
let pages: OverlayPages;

before(async () => {
  pages = await startOverlayPages();
});

after(async () => {
  await pages?.close();
});

test('arrow keys move the selection by 1 device pixel (Shift 10) and Alt+arrows resize it', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    await overlay.drag([100, 100], [200, 150]);
    assert.equal(await overlay.readout(), '200 × 100 px at 200, 200');
    await tab.keyboard.press('ArrowRight');
    await tab.keyboard.press('Shift+ArrowDown');
    await tab.keyboard.press('ArrowUp');
    assert.equal(await overlay.readout(), '200 × 100 px at 201, 209');
    await tab.keyboard.press('Alt+ArrowRight');
    await tab.keyboard.press('Alt+Shift+ArrowUp');
    await tab.keyboard.press('Alt+Shift+ArrowLeft');
    assert.equal(await overlay.readout(), '191 × 90 px at 201, 209');
    assert.match(await overlay.status(), /Selection 191 by 90 pixels at 201, 209/);
    // Moving stops at the display's edge; the size stays.
    for (let i = 0; i < 25; i++) await tab.keyboard.press('Shift+ArrowLeft');
    assert.equal(await overlay.readout(), '191 × 90 px at 0, 209');
    const selection = await overlay.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 209, width: 191, height: 90 });
    assert.deepEqual(mainCrop(primary, selection.dipRect), selection.pixelRect);
  } finally {
    await overlay.close();
  }
});

test('the keyboard alone selects a region: crosshair, Space, arrows, Space, Enter', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    const app = tab.getByRole('application', { name: 'Select a region of the screen' });
    assert.match((await app.getAttribute('aria-describedby')) ?? '', /overlay-help/);
    assert.match((await tab.locator('#overlay-help').textContent()) ?? '', /Enter confirms, Escape cancels/);
    assert.equal(await tab.getByRole('status').getAttribute('aria-live'), 'polite');
    // The crosshair starts at the centre of the display.
    await tab.keyboard.press('ArrowRight');
    assert.match(await overlay.status(), /Crosshair at 1281, 800/);
    await tab.keyboard.press('Space');
    await tab.keyboard.press('Shift+ArrowRight');
    await tab.keyboard.press('Shift+ArrowRight');
    await tab.keyboard.press('Shift+ArrowRight');
    await tab.keyboard.press('Shift+ArrowDown');
    await tab.keyboard.press('Shift+ArrowDown');
    await tab.keyboard.press('ArrowRight');
    assert.match(await overlay.status(), /Selecting: 32 by 21 pixels/);
    await tab.keyboard.press('Space');
    assert.match(await overlay.status(), /Selection 32 by 21 pixels at 1281, 800\. Enter confirms/);
    const selection = await overlay.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 1281, y: 800, width: 32, height: 21 });
  } finally {
    await overlay.close();
  }
});

test('Esc cancels through the bridge and nothing is confirmed', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    await overlay.drag([100, 100], [300, 300]);
    await tab.keyboard.press('Escape');
    await tab.getByRole('status').getByText('Cancelled.').waitFor();
    await tab.keyboard.press('Enter');
    await tab.keyboard.press('Escape');
    assert.deepEqual(await overlay.events(), [{ type: 'cancel' }]);
  } finally {
    await overlay.close();
  }
});

test('A (or Ctrl+A) selects exactly the whole capture', async () => {
  const first = await pages.openOverlay(primary);
  try {
    await first.tab.keyboard.press('a');
    assert.equal(await first.readout(), '2560 × 1600 px at 0, 0');
    const selection = await first.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 0, width: 2560, height: 1600 });
    assert.deepEqual(selection.dipRect, primary.bounds);
  } finally {
    await first.close();
  }
  const second = await pages.openOverlay(rightOfPrimary);
  try {
    await second.drag([10, 10], [50, 50]);
    await second.tab.keyboard.press('Control+a');
    const selection = await second.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 0, width: 1920, height: 1200 });
    assert.deepEqual(selection.dipRect, rightOfPrimary.bounds);
  } finally {
    await second.close();
  }
});

test('empty and 1-pixel selections cannot be confirmed, and the page says why', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    // A click without a drag selects nothing.
    await tab.mouse.click(400, 400);
    await tab.keyboard.press('Enter');
    await tab.getByRole('alert').getByText('The selection is empty: drag to select a region.').waitFor();
    // Space twice selects the one pixel under the crosshair.
    await tab.keyboard.press('Space');
    await tab.keyboard.press('Space');
    assert.equal(await overlay.readout(), 'The selection is only 1x1 pixels: select a larger region.');
    await tab.keyboard.press('Enter');
    await tab.getByRole('alert').getByText('The selection is only 1x1 pixels: select a larger region.').waitFor();
    // A selection shrunk to one pixel wide by keys is refused too.
    await tab.keyboard.press('Alt+ArrowDown');
    assert.equal(await overlay.readout(), 'The selection is only 1x2 pixels: select a larger region.');
    await tab.mouse.dblclick(600, 600);
    await tab.getByRole('alert').getByText('The selection is empty: drag to select a region.').waitFor();
    assert.deepEqual(await overlay.events(), []);
  } finally {
    await overlay.close();
  }
});
