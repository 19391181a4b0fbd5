// Image tokens per region under Sightline's tiling policy and under the
// processor's default, for the real models' processor configurations. Pure
// computation through engine/tiling-policy.ts: no model runs.
import {
  idefics3Grid,
  planTiling,
  processorDefaultTokens,
  qwen2vlResize,
  type TilingPlan,
  type VisionSpec,
} from '../engine/tiling-policy.js';
import { tableRegions } from './config.js';
import type { Region, TilingRow } from './results.js';
import { ratio } from './stats.js';

/** The processors' own settings (preprocessor_config.json / processor_config.json of each hub repository). */
export const referenceSpecs: { model: string; spec: VisionSpec }[] = [
  {
    // max_image_size.longest_edge 512, image_seq_len 64, size.longest_edge 2048.
    model: 'SmolVLM-256M-Instruct',
    spec: { kind: 'tiles', tileSize: 512, tokensPerTile: 64, maxLongestEdge: 2048 },
  },
  {
    model: 'Qwen2-VL-2B-Instruct',
    spec: { kind: 'patches', patchSize: 14, mergeSize: 2, minPixels: 3136, maxPixels: 12845056 },
  },
];

export function describePlan(plan: TilingPlan): string {
  if (plan.kind === 'patches') return `${plan.width}x${plan.height} px`;
  if (!plan.split) return `1 tile, edge ${plan.longestEdge} px`;
  return `${plan.tiles} tiles (${plan.cols}x${plan.rows} + global), edge ${plan.longestEdge} px`;
}

function describeDefault(region: Region, spec: VisionSpec): string {
  if (spec.kind === 'tiles') {
    const grid = idefics3Grid(region, spec.maxLongestEdge, spec);
    return `${grid.tiles} tiles (${grid.cols}x${grid.rows} + global), edge ${spec.maxLongestEdge} px`;
  }
  const [width, height] = qwen2vlResize(region, spec.patchSize * spec.mergeSize, spec.minPixels, spec.maxPixels);
  return `${width}x${height} px`;
}

export function tilingTable(regions: Region[] = tableRegions): TilingRow[] {
  return referenceSpecs.flatMap(({ model, spec }) =>
    regions.map((region) => {
      const plan = planTiling(region, spec);
      const defaultTokens = processorDefaultTokens(region, spec);
      return {
        model,
        region,
        policyTokens: plan.imageTokens,
        policyDetail: describePlan(plan),
        defaultTokens,
        defaultDetail: describeDefault(region, spec),
        ratio: ratio(plan.imageTokens, defaultTokens),
      };
    }),
  );
}
