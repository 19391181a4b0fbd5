// A rectangle in an image's own pixels, as every boundary checks it: whole
// pixels, inside the image's top-left corner, at least one pixel each way.
// One schema for the region main cuts out of a display, the closer look cut
// out of a capture, and the areas a redaction fills.
import * as z from 'zod/mini';
import './schema.js';

export const PixelRect = z.object({
  x: z.number().check(z.int(), z.nonnegative()),
  y: z.number().check(z.int(), z.nonnegative()),
  width: z.number().check(z.int(), z.positive()),
  height: z.number().check(z.int(), z.positive()),
});
export type PixelRect = z.infer<typeof PixelRect>;
