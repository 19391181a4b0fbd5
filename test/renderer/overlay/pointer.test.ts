import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  framePixel,
  mainCrop,
  primary,
  rightOfPrimary,
  startOverlayPages,
  type OverlayPages,
} from './overlay-pages.js';

// The overlay page in Chromium (overlay-pages.ts): the mouse selects exactly
// the device pixels main crops, at any scale and on any display; handles
// resize, a drag inside moves, the magnifier shows the pixels under the
// cursor, and a drag cannot leave the display.
let pages: OverlayPages;

before(async () => {
  pages = await startOverlayPages();
});

after(async () => {
  await pages?.close();
});

test('a mouse drag selects exactly the dragged device pixels at scale 2, with a live readout', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    await tab.getByRole('application', { name: 'Select a region of the screen' }).waitFor();
    await tab.mouse.move(100, 80);
    await tab.mouse.down();
    await tab.mouse.move(300, 200, { steps: 4 });
    assert.equal(await overlay.readout(), '400 × 240 px at 200, 160');
    await tab.mouse.move(421, 283, { steps: 4 });
    assert.equal(await overlay.readout(), '642 × 406 px at 200, 160');
    await tab.mouse.up();
    const selection = await overlay.confirmed();
    assert.deepEqual(selection, {
      displayId: '1',
      dipRect: { x: 100, y: 80, width: 321, height: 203 },
      pixelRect: { x: 200, y: 160, width: 642, height: 406 },
    });
    assert.deepEqual(mainCrop(primary, selection.dipRect), selection.pixelRect);
  } finally {
    await overlay.close();
  }
});

test('at scale 1.5, on a display right of the primary, the drag maps to the pixels main crops', async () => {
  const overlay = await pages.openOverlay(rightOfPrimary);
  try {
    // DIP edges 101 and 333 fall on 151.5 and 499.5 pixels: both round up, as in geometry.
    await overlay.drag([101, 51], [333, 257]);
    assert.equal(await overlay.readout(), '348 × 309 px at 152, 77');
    const selection = await overlay.confirmed();
    assert.equal(selection.displayId, '2');
    assert.deepEqual(selection.pixelRect, { x: 152, y: 77, width: 348, height: 309 });
    assert.deepEqual(mainCrop(rightOfPrimary, selection.dipRect), selection.pixelRect);
    assert.ok(Math.abs(selection.dipRect.x - (1280 + 152 / 1.5)) < 1e-9, 'dipRect is in global DIPs');
  } finally {
    await overlay.close();
  }
});

test('handles resize the selection, a drag inside moves it, a double-click confirms it', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    await overlay.drag([100, 100], [200, 150]);
    // The bottom-right handle sits on the corner (200, 150).
    await overlay.drag([200, 150], [220, 160]);
    assert.equal(await overlay.readout(), '240 × 120 px at 200, 200');
    // The top-left handle (100, 100), dragged up and left.
    await overlay.drag([100, 100], [90, 95]);
    assert.equal(await overlay.readout(), '260 × 130 px at 180, 190');
    // The right edge's handle, dragged past the left edge: the rectangle flips.
    await overlay.drag([220, 127.5], [60, 127.5]);
    assert.equal(await overlay.readout(), '60 × 130 px at 120, 190');
    // A drag inside moves it by the same number of pixels.
    await overlay.drag([75, 120], [105, 135]);
    assert.equal(await overlay.readout(), '60 × 130 px at 180, 220');
    await tab.mouse.dblclick(110, 140);
    await tab.getByRole('status').getByText('Selection captured.').waitFor();
    const events = await overlay.events();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], {
      type: 'confirm',
      selection: {
        displayId: '1',
        dipRect: { x: 90, y: 110, width: 30, height: 65 },
        pixelRect: { x: 180, y: 220, width: 60, height: 130 },
      },
    });
  } finally {
    await overlay.close();
  }
});

test('the magnifier shows the frame pixels under the cursor, its coordinates and colour', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    const cell = async (dx: number, dy: number) =>
      tab.evaluate(
        ({ dx, dy }) => {
          const canvas = document.querySelector<HTMLCanvasElement>('.overlay-magnifier-canvas');
          if (!canvas) throw new Error('no magnifier');
          const cellSize = 12;
          const x = canvas.width / 2 + dx * cellSize;
          const y = canvas.height / 2 + dy * cellSize;
          const data = canvas.getContext('2d')?.getImageData(x, y, 1, 1).data;
          return data ? [data[0], data[1], data[2]] : [];
        },
        { dx, dy },
      );
    const hex = (rgb: number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

    // DIP (333.3, 222.7) at scale 2 is inside pixel (666, 445).
    await tab.mouse.move(333.3, 222.7);
    const label = tab.locator('.overlay-magnifier-label');
    await label.getByText(`666, 445 · ${hex(framePixel(666, 445))}`).waitFor();
    assert.deepEqual(await cell(0, 0), framePixel(666, 445));
    assert.deepEqual(await cell(1, 0), framePixel(667, 445));
    assert.deepEqual(await cell(-1, 0), framePixel(665, 445));
    assert.deepEqual(await cell(0, -5), framePixel(666, 440));
    assert.deepEqual(await cell(5, 5), framePixel(671, 450));

    // At the display's corner the cells beyond the frame are empty (black).
    await tab.mouse.move(0, 0);
    await label.getByText(`0, 0 · ${hex(framePixel(0, 0))}`).waitFor();
    assert.deepEqual(await cell(0, 0), framePixel(0, 0));
    assert.deepEqual(await cell(2, 3), framePixel(2, 3));
    assert.deepEqual(await cell(-1, 0), [0, 0, 0]);
  } finally {
    await overlay.close();
  }
});

test('a drag that leaves the display says so and stays on it', async () => {
  const overlay = await pages.openOverlay(primary);
  try {
    const { tab } = overlay;
    await tab.mouse.move(50, 300);
    await tab.mouse.down();
    await tab.mouse.move(-40, 350, { steps: 4 });
    assert.equal(await overlay.readout(), '100 × 100 px at 0, 600 · A selection stays on one display.');
    await tab.mouse.up();
    assert.equal(await overlay.readout(), '100 × 100 px at 0, 600');
    const selection = await overlay.confirmed();
    assert.deepEqual(selection.pixelRect, { x: 0, y: 600, width: 100, height: 100 });
  } finally {
    await overlay.close();
  }
});
