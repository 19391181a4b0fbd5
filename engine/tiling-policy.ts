// How many image tokens a screenshot region costs. The processors' defaults are
// made for photos: SmolVLM upscales every image to 2048 px and cuts 13 tiles
// (832 image tokens) even for a 600x200 crop of an error dialog, and Qwen2-VL
// lets a 4K screenshot become 10,000 tokens. A region should be tiled from its
// real pixel size, never upscaled to fill tiles, and capped for huge regions.
// Pure: the engine applies the result to the processor, the benchmark prints it.

export interface RegionSize {
  width: number;
  height: number;
}

/** SmolVLM / Idefics3: square tiles of `tileSize` px, each `tokensPerTile` image tokens, plus one global tile when split. */
export interface TiledVisionSpec {
  kind: 'tiles';
  tileSize: number;
  tokensPerTile: number;
  /** The processor's own `size.longest_edge` (2048 for SmolVLM): the most a region is ever scaled to. */
  maxLongestEdge: number;
}

/** Qwen2-VL: patches of `patchSize` px merged `mergeSize` x `mergeSize` into one token. */
export interface PatchVisionSpec {
  kind: 'patches';
  patchSize: number;
  mergeSize: number;
  minPixels: number;
  maxPixels: number;
}

export type VisionSpec = TiledVisionSpec | PatchVisionSpec;

export interface TilingOptions {
  /**
   * Shrink a region by up to this factor rather than spend another row or
   * column of tiles on it (1.25: a 600 px wide dialog becomes one 512 px tile,
   * not two tiles and a global image).
   */
  shrinkTolerance: number;
  /** Qwen2-VL: most image tokens for one region. */
  maxPatchTokens: number;
}

export const defaultTilingOptions: TilingOptions = { shrinkTolerance: 1.25, maxPatchTokens: 1024 };

export interface TiledPlan {
  kind: 'tiles';
  /** Scale the image so that its longest edge is this many px (never larger than the region). */
  longestEdge: number;
  /** false: one tile for the whole region, no global image. */
  split: boolean;
  rows: number;
  cols: number;
  tiles: number;
  imageTokens: number;
}

export interface PatchPlan {
  kind: 'patches';
  minPixels: number;
  maxPixels: number;
  width: number;
  height: number;
  imageTokens: number;
}

export type TilingPlan = TiledPlan | PatchPlan;

export function validateRegion({ width, height }: RegionSize): void {
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < 1 || height < 1) {
    throw new RangeError(`The image is empty (${width}x${height} px).`);
  }
}

/** The plan for a region under Sightline's policy. */
export function planTiling(
  region: RegionSize,
  spec: VisionSpec,
  options: TilingOptions = defaultTilingOptions,
): TilingPlan {
  validateRegion(region);
  return spec.kind === 'tiles' ? planTiles(region, spec, options) : planPatches(region, spec, options);
}

function planTiles(region: RegionSize, spec: TiledVisionSpec, options: TilingOptions): TiledPlan {
  const longest = Math.max(region.width, region.height);
  const maxTilesPerSide = Math.max(1, Math.floor(spec.maxLongestEdge / spec.tileSize));
  const tilesAlongLongest = Math.min(maxTilesPerSide, Math.ceil(longest / (spec.tileSize * options.shrinkTolerance)));
  if (tilesAlongLongest <= 1) {
    // One tile: the processor squashes the region into tileSize x tileSize.
    return {
      kind: 'tiles',
      longestEdge: Math.min(longest, spec.tileSize),
      split: false,
      rows: 1,
      cols: 1,
      tiles: 1,
      imageTokens: spec.tokensPerTile,
    };
  }
  const longestEdge = Math.min(longest, tilesAlongLongest * spec.tileSize);
  return { kind: 'tiles', longestEdge, split: true, ...idefics3Grid(region, longestEdge, spec) };
}

/**
 * The grid the Idefics3 image processor cuts for an image resized to
 * `longestEdge`: it rounds each side up to whole tiles and adds a global tile.
 * Mirrors transformers.js (get_resize_output_image_size,
 * get_resize_for_vision_encoder, split_image) so the plan predicts the real cost.
 */
export function idefics3Grid(
  region: RegionSize,
  longestEdge: number,
  spec: Pick<TiledVisionSpec, 'tileSize' | 'tokensPerTile'>,
): { rows: number; cols: number; tiles: number; imageTokens: number } {
  const factor = Math.min(longestEdge / region.width, longestEdge / region.height);
  let width = Math.floor(Number((region.width * factor).toFixed(2)));
  let height = Math.floor(Number((region.height * factor).toFixed(2)));
  const aspect = width / height;
  const tile = spec.tileSize;
  if (width >= height) {
    width = Math.ceil(width / tile) * tile;
    height = Math.ceil(Math.floor(width / aspect) / tile) * tile;
  } else {
    height = Math.ceil(height / tile) * tile;
    width = Math.ceil(Math.floor(height * aspect) / tile) * tile;
  }
  const split = height > tile || width > tile;
  const rows = split ? Math.ceil(height / tile) : 0;
  const cols = split ? Math.ceil(width / tile) : 0;
  const tiles = rows * cols + 1;
  return { rows: Math.max(rows, 1), cols: Math.max(cols, 1), tiles, imageTokens: tiles * spec.tokensPerTile };
}

function planPatches(region: RegionSize, spec: PatchVisionSpec, options: TilingOptions): PatchPlan {
  const unit = spec.patchSize * spec.mergeSize;
  const maxPixels = Math.max(spec.minPixels, Math.min(spec.maxPixels, options.maxPatchTokens * unit * unit));
  const [width, height] = qwen2vlResize(region, unit, spec.minPixels, maxPixels);
  return {
    kind: 'patches',
    minPixels: spec.minPixels,
    maxPixels,
    width,
    height,
    imageTokens: (width / unit) * (height / unit),
  };
}

/** Qwen2-VL's smart_resize: sides in whole `unit`s, area between min and max pixels. */
export function qwen2vlResize(
  region: RegionSize,
  unit: number,
  minPixels: number,
  maxPixels: number,
): [number, number] {
  let { width, height } = region;
  if (Math.max(width, height) / Math.min(width, height) > 200) {
    throw new RangeError(
      `The image is too narrow to read (${width}x${height} px): its sides may differ at most 200-fold.`,
    );
  }
  if (height < unit || width < unit) {
    const scale = Math.max(unit / height, unit / width);
    height = Math.round(height * scale);
    width = Math.round(width * scale);
  }
  let h = Math.round(height / unit) * unit;
  let w = Math.round(width / unit) * unit;
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(unit, Math.floor(height / beta / unit) * unit);
    w = Math.max(unit, Math.floor(width / beta / unit) * unit);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / unit) * unit;
    w = Math.ceil((width * beta) / unit) * unit;
  }
  return [w, h];
}

/** What the processor would spend by default (for the benchmark's comparison). */
export function processorDefaultTokens(region: RegionSize, spec: VisionSpec): number {
  validateRegion(region);
  if (spec.kind === 'tiles') return idefics3Grid(region, spec.maxLongestEdge, spec).imageTokens;
  const unit = spec.patchSize * spec.mergeSize;
  const [width, height] = qwen2vlResize(region, unit, spec.minPixels, spec.maxPixels);
  return (width / unit) * (height / unit);
}
