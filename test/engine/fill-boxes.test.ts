import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { fillBoxes } from '../../engine/fill-boxes.js';

// The image that leaves after secrets were hidden: each box one opaque colour
// to its edges, every pixel around it exactly as captured, the picture's size
// and channels kept, boxes over an edge clipped to the image.

async function picture(channels: 1 | 3 | 4, width = 97, height = 61): Promise<Buffer> {
  const svg = Buffer.from(
    `<svg width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#2a7"/>` +
      `<circle cx="40" cy="30" r="20" fill="#e33" fill-opacity="0.6"/><text x="5" y="55">Ab1</text></svg>`,
  );
  const image = sharp(svg);
  if (channels === 1) return image.removeAlpha().toColourspace('b-w').png().toBuffer();
  return (channels === 3 ? image.removeAlpha() : image.ensureAlpha()).png().toBuffer();
}

async function pixels(png: Uint8Array) {
  return sharp(png).raw().toBuffer({ resolveWithObject: true });
}

for (const channels of [3, 4, 1] as const) {
  test(`a ${channels}-channel capture: each box opaque black to its edges, the rest untouched, size and channels kept`, async () => {
    const png = await picture(channels);
    const boxes = [
      { x: 10, y: 5, width: 30, height: 12 },
      // Over the right and bottom edges: clipped.
      { x: 80, y: 50, width: 40, height: 40 },
    ];
    const before = await pixels(png);
    const after = await pixels(await fillBoxes(png, boxes));
    assert.deepEqual(
      [after.info.width, after.info.height, after.info.channels],
      [before.info.width, before.info.height, before.info.channels],
    );
    // sharp hands a grey picture's pixels over as RGB: compare in what it reads.
    const { width, height, channels: read } = after.info;
    const inside = (x: number, y: number) =>
      boxes.some((box) => x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height);
    let filled = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (y * width + x) * read;
        const got = [...after.data.subarray(at, at + read)];
        if (inside(x, y)) {
          const black = read === 4 ? [0, 0, 0, 255] : new Array<number>(read).fill(0);
          assert.deepEqual(got, black, `(${x}, ${y}) is not filled`);
          filled += 1;
        } else assert.deepEqual(got, [...before.data.subarray(at, at + read)], `(${x}, ${y}) changed`);
      }
    }
    assert.equal(filled, 30 * 12 + 17 * 11);
  });
}

test('a capture that is not a PNG is refused', async () => {
  await assert.rejects(fillBoxes(new TextEncoder().encode('not a picture'), []));
});
