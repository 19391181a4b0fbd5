import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTiling, processorDefaultTokens, type VisionSpec } from '../../engine/tiling-policy.js';

// The real processors' settings.
const smolvlm: VisionSpec = { kind: 'tiles', tileSize: 512, tokensPerTile: 64, maxLongestEdge: 2048 };
const qwen2vl: VisionSpec = { kind: 'patches', patchSize: 14, mergeSize: 2, minPixels: 3136, maxPixels: 12845056 };

test('SmolVLM: a region is tiled from its real size, never upscaled, capped at the processor default', () => {
  const cases: [number, number, number, string][] = [
    [600, 200, 64, 'a dialog crop is one tile, not 9 upscaled ones'],
    [320, 200, 64, 'one tile'],
    [640, 480, 64, 'slightly larger than a tile: shrunk into one rather than 5'],
    [800, 600, 320, '2x2 + global'],
    [1920, 1080, 448, '3x2 + global'],
    [3840, 2160, 832, 'capped at the processor default, 4x3 + global'],
    [2048, 2048, 1088, 'a square capped at 4x4 + global'],
    [200, 1200, 192, 'a tall strip: 2x1 + global'],
  ];
  for (const [width, height, tokens, why] of cases) {
    const plan = planTiling({ width, height }, smolvlm);
    assert.equal(plan.imageTokens, tokens, `${width}x${height}: ${why}`);
    assert.ok(plan.imageTokens <= processorDefaultTokens({ width, height }, smolvlm));
    assert.ok(plan.kind === 'tiles' && plan.longestEdge <= Math.max(width, height), 'never upscaled');
  }
  assert.equal(processorDefaultTokens({ width: 600, height: 200 }, smolvlm), 576);
  assert.equal(processorDefaultTokens({ width: 800, height: 600 }, smolvlm), 832);
});

test('Qwen2-VL: small regions at their own size, large ones capped at 1024 tokens', () => {
  assert.equal(planTiling({ width: 320, height: 200 }, qwen2vl).imageTokens, 77);
  assert.equal(planTiling({ width: 1920, height: 1080 }, qwen2vl).imageTokens, 1008);
  assert.equal(processorDefaultTokens({ width: 1920, height: 1080 }, qwen2vl), 2691);
  assert.equal(planTiling({ width: 3840, height: 2160 }, qwen2vl).imageTokens, 1008);
  assert.equal(processorDefaultTokens({ width: 3840, height: 2160 }, qwen2vl), 10549);
});

test('property: never more than the processor default, the cap holds, and a larger copy of a region never costs less', () => {
  // (Across aspect ratios tokens are not monotone: the processors round the
  // short side up after scaling the long one, so 451x884 costs 5 tiles and
  // 451x1095 costs 3. Same aspect, more pixels: never fewer tokens.)
  for (const spec of [smolvlm, qwen2vl]) {
    for (let width = 40; width <= 4000; width += 137) {
      for (let height = 40; height <= 4000; height += 211) {
        const plan = planTiling({ width, height }, spec);
        assert.ok(plan.imageTokens <= processorDefaultTokens({ width, height }, spec), `${width}x${height}`);
        // SmolVLM: at most 4 x 4 tiles and the global one, as the processor; Qwen2-VL: 1024 tokens.
        assert.ok(plan.imageTokens <= (spec.kind === 'tiles' ? 17 * 64 : 1024), `${width}x${height}`);
        let previous = plan.imageTokens;
        for (const scale of [1.5, 2, 3]) {
          const larger = planTiling({ width: Math.round(width * scale), height: Math.round(height * scale) }, spec);
          // At Qwen2-VL's cap its resize rounds each side down, which can shave a few tokens.
          const atCap = spec.kind === 'patches' && previous > 0.95 * 1024;
          assert.ok(larger.imageTokens >= previous || atCap, `${width}x${height} x${scale}`);
          previous = larger.imageTokens;
        }
      }
    }
  }
});

test('empty and absurd regions are refused with a reason', () => {
  assert.throws(() => planTiling({ width: 0, height: 100 }, smolvlm), /empty/);
  assert.throws(() => planTiling({ width: 1, height: 20000 }, qwen2vl), /too narrow/);
});
