// The printed report: one section per model as it finishes, the pure tiling
// table, and a summary table at the end. Measurements and ratios, no verdicts.
// (Just over 300 lines: every section prints from the same result types.)
import { dtypePlan, largeRegion, smallRegion } from './config.js';
import { loads, mb, ms, rate, size, table, x } from './format.js';
import {
  isDtypeFailure,
  isFailure,
  type BenchResults,
  type MemoryResult,
  type ModelFailure,
  type ModelResult,
  type TilingRow,
  type TimingResult,
  type VariantTiming,
} from './results.js';

export function machineSection(machine: BenchResults['machine']): string {
  return [
    `Machine: ${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.totalMemoryGB.toFixed(0)} GB, ${machine.platform}-${machine.arch}`,
    `Node ${machine.node}, onnxruntime-node ${machine.onnxruntime}, @huggingface/transformers ${machine.transformers}`,
    `Load average at start: ${loads(machine.loadAverageAtStart)} (other work on this machine skews timings)`,
  ].join('\n');
}

export function tilingSection(rows: TilingRow[]): string {
  return [
    "Image tokens per region: Sightline's tiling policy vs the processor's default (pure computation)",
    table(
      ['model / region', 'policy tokens', 'policy tiling', 'default tokens', 'default tiling', 'policy/default'],
      rows.map((r) => [
        `${r.model} ${size(r.region)}`,
        String(r.policyTokens),
        r.policyDetail,
        String(r.defaultTokens),
        r.defaultDetail,
        x(r.ratio),
      ]),
    ),
  ].join('\n');
}

export function modelSection(m: ModelResult | ModelFailure): string {
  if (isFailure(m)) return `${m.label}: FAILED\n${m.error}`;
  const lines = [
    `${m.label}: ${m.family}, ${m.provider} ${m.dtype}, max_new_tokens ${m.maxNewTokens}, greedy; ${m.dir}`,
    `  load average ${loads(m.loadAverage.start)} at start, ${loads(m.loadAverage.end)} at end`,
    `  load: engine ${ms(m.loadMs.engine)}, bare ${ms(m.loadMs.bare)} (the bare load reads files the engine load just read)`,
    `  memory (RSS): process baseline ${mb(m.memoryMB.baseline)}, after engine load ${mb(m.memoryMB.afterEngineLoad)}, ` +
      `engine peak ${mb(m.memoryMB.enginePeak)} (load + ${size(m.followUp.region)} answer + follow-up), ` +
      `whole run with the bare model beside it ${mb(m.memoryMB.processPeak)}`,
    '',
    '  Engine (Vlm.answer) vs bare transformers.js generate(): same files, PNG, tiling and max_new_tokens (medians)',
    indent(
      table(
        [
          'region / tiling',
          'runs',
          'engine total',
          'bare total',
          'total ratio',
          'engine TTFT',
          'bare TTFT',
          'TTFT ratio',
          'engine decode',
          'bare decode',
          'image tokens e/b',
        ],
        m.overhead.map((o) => [
          `${size(o.region)} ${o.tiling}`,
          `${o.engine.samples.length}/${o.bare.samples.length}`,
          ms(o.engine.medianWallMs),
          ms(o.bare.medianWallMs),
          x(o.totalRatio),
          ms(o.engine.medianTimeToFirstTokenMs),
          ms(o.bare.medianTimeToFirstTokenMs),
          x(o.timeToFirstTokenRatio),
          rate(o.engine.medianDecodeTokensPerSecond),
          rate(o.bare.medianDecodeTokensPerSecond),
          `${o.engine.samples[0]?.imageTokens ?? 0}/${o.bare.samples[0]?.imageTokens ?? 0}`,
        ]),
      ),
    ),
    ...m.overhead
      .filter((o) => o.engine.samples[0]?.imageTokens !== o.bare.samples[0]?.imageTokens)
      .map(
        (o) =>
          `  note: at ${size(o.region)} the engine's image holds ${o.engine.samples[0]?.imageTokens} image tokens, the bare processor's ` +
          `${o.bare.samples[0]?.imageTokens} under the same plan (the engine scales the image down before the processor does)`,
      ),
    '',
    `  Follow-up question at ${size(m.followUp.region)}: key/value cache reused vs recomputed (same tokens${m.followUp.sameText ? ', same answer' : m.dtype === 'q8' ? ", answers differ: q8 quantizes each run's activations by that run's range, so a follow-up fed alone rounds differently from the whole conversation" : ', ANSWERS DIFFER'})`,
    indent(
      table(
        ['turn', 'prompt tokens', 'image tokens', 'cached tokens', 'TTFT', 'total'],
        [
          ['first turn', m.followUp.firstTurn],
          ['follow-up, reuse', m.followUp.reuse],
          ['follow-up, recompute', m.followUp.recompute],
        ].map(([name, s]) => {
          const sample = s as ModelResult['followUp']['reuse'];
          return [
            name as string,
            String(sample.promptTokens),
            String(sample.imageTokens),
            String(sample.cachedTokens ?? 0),
            ms(sample.timeToFirstTokenMs),
            ms(sample.wallMs),
          ];
        }),
      ),
    ),
    `  follow-up TTFT ratio reuse/recompute: ${x(m.followUp.timeToFirstTokenRatio)}`,
    '',
    `  Tiling, all through bare generate(): the policy vs the processor's default at ${size(m.tiling.region)}`,
    indent(
      table(
        ['tiling', 'tiles', 'image tokens', 'TTFT', 'total', 'decode'],
        [
          [`policy, ${size(m.tiling.smallRegion)}`, m.tiling.smallPolicy],
          [`policy, ${size(m.tiling.region)}`, m.tiling.policy],
          [`processor default, ${size(m.tiling.region)}`, m.tiling.processorDefault],
        ].map(([name, s]) => {
          const sample = s as ModelResult['tiling']['policy'];
          return [
            name as string,
            sample.tiles === undefined ? '-' : String(sample.tiles),
            String(sample.imageTokens),
            ms(sample.timeToFirstTokenMs),
            ms(sample.wallMs),
            rate(sample.decodeTokensPerSecond),
          ];
        }),
      ),
    ),
    `  TTFT ratio policy/default at ${size(m.tiling.region)}: ${x(m.tiling.timeToFirstTokenRatio)}`,
    `  (the model's measurements took ${ms(m.wallMs)})`,
  ];
  return lines.join('\n');
}

export function summarySection(models: (ModelResult | ModelFailure)[]): string {
  const rows = models.map((m) => {
    if (isFailure(m)) return [m.label, 'failed', '', '', '', '', '', '', '', ''];
    const [small, large] = m.overhead;
    return [
      m.label,
      ms(m.loadMs.engine),
      ms(small?.engine.medianTimeToFirstTokenMs ?? Number.NaN),
      ms(large?.engine.medianTimeToFirstTokenMs ?? Number.NaN),
      rate(small?.engine.medianDecodeTokensPerSecond ?? Number.NaN),
      mb(m.memoryMB.enginePeak),
      x(small?.totalRatio ?? Number.NaN),
      x(large?.totalRatio ?? Number.NaN),
      x(m.followUp.timeToFirstTokenRatio),
      x(m.tiling.timeToFirstTokenRatio),
    ];
  });
  return [
    `Summary: engine medians at ${size(smallRegion)} (small) and ${size(largeRegion)} (large, warm); ratios engine/bare, reuse/recompute, policy/default`,
    table(
      [
        'model',
        'load',
        'TTFT small',
        'TTFT large',
        'decode',
        'engine peak RSS',
        'overhead small',
        'overhead large',
        'follow-up TTFT',
        'policy/default TTFT',
      ],
      rows,
    ),
    'Reference targets (not asserted): overhead < 1.05; follow-up TTFT reuse/recompute < 0.3 for a large capture.',
  ].join('\n');
}

/** A variant's timings from the first timing process that ran it. */
function timingOf(dtypes: BenchResults['dtypes'], dtype: string, spinning: boolean) {
  for (const t of dtypes.timing) {
    if (isDtypeFailure(t)) continue;
    const v = t.variants.find((x) => x.dtype === dtype && x.spinning === spinning);
    if (v) return { run: t, variant: v };
  }
  return undefined;
}

/**
 * The dtype table: each dtype of the real-shaped model with the engine's
 * threading, every value with its ratio to fp32's in the same run: load and
 * memory from a process per dtype, timings from one process running the
 * dtypes' answers in turn.
 */
export function dtypeSection(dtypes: BenchResults['dtypes']): string {
  const memory = dtypes.memory.filter((m): m is MemoryResult => !isDtypeFailure(m));
  const names = [
    ...new Set([
      ...memory.map((m) => m.dtype),
      ...dtypes.timing.flatMap((t) =>
        isDtypeFailure(t) ? [] : t.variants.filter((v) => !v.spinning).map((v) => v.dtype),
      ),
    ]),
  ];
  const { shortTokens: s24, longTokens: s400 } = dtypePlan;
  type Pick = (dtype: string) => number | undefined;
  const mem =
    (pick: (m: MemoryResult) => number): Pick =>
    (dtype) => {
      const m = memory.find((x) => x.dtype === dtype);
      return m ? pick(m) : undefined;
    };
  const time =
    (pick: (v: VariantTiming) => number): Pick =>
    (dtype) => {
      const t = timingOf(dtypes, dtype, false);
      return t ? pick(t.variant) : undefined;
    };
  const metrics: [string, Pick, (v: number) => string, boolean][] = [
    ['load', mem((m) => m.loadMs), ms, true],
    ['TTFT, one tile', time((v) => v.medians.timeToFirstTokenMs), ms, true],
    [`decode, ${s24} tokens`, time((v) => v.medians.decodeShort), rate, true],
    [`decode, ${s400} tokens`, time((v) => v.medians.decodeLong), rate, true],
    [`decode ${s400} / decode ${s24}`, time((v) => v.medians.decodeLong / v.medians.decodeShort), x, false],
    [
      `GC share of a ${s400}-token answer`,
      time((v) => v.medians.gcShareLong),
      (v) => `${(v * 100).toFixed(1)}%`,
      false,
    ],
    ['peak RSS (load, a short and a long answer)', mem((m) => m.peakRssMB), mb, true],
    [`busy machine: decode, ${s24} tokens`, time((v) => v.medians.busyDecodeShort), rate, true],
    ['busy machine: TTFT', time((v) => v.medians.busyTimeToFirstTokenMs), ms, true],
  ];
  const rows = metrics.map(([label, pick, format, withRatio]) => [
    label,
    ...names.map((dtype) => {
      const value = pick(dtype);
      if (value === undefined) return 'n/a';
      const base = pick('fp32');
      return withRatio && base !== undefined && dtype !== 'fp32'
        ? `${format(value)} (${x(value / base)})`
        : format(value);
    }),
  ]);
  const timing = dtypes.timing.find(
    (t): t is TimingResult => !isDtypeFailure(t) && t.variants.every((v) => !v.spinning),
  );
  const memLoads = names.map((dtype) => {
    const m = memory.find((x) => x.dtype === dtype);
    return m ? `${loads(m.loadAverage.start.slice(0, 1))}/${loads(m.loadAverage.end.slice(0, 1))}` : '';
  });
  const failures = [...dtypes.memory, ...dtypes.timing].filter(isDtypeFailure);
  return [
    `Dtypes of the real-shaped SmolVLM-256M model through the engine (Vlm), CPU, one tile (${size(smallRegion)}` +
      `${timing ? `, ${timing.imageTokens} image tokens, ${timing.promptTokens} prompt tokens` : ''}), onnxruntime threads not spinning.`,
    `Timings: medians of ${dtypePlan.shortRounds}, ${dtypePlan.longRounds} and ${dtypePlan.busyRounds} rounds in one process, the dtypes' answers in turn; (ratio to fp32).`,
    `Busy machine: the same answers while \`node -e 'for(;;){}'\` keeps one core busy.`,
    table(['metric', ...names], [...rows, ['load average, memory runs (start/end)', ...memLoads]]),
    timing
      ? `Load average during the timings: ${loads(timing.loadAverage.start)} at start, ${loads(timing.loadAverage.end)} at end.`
      : '',
    ...failures.map((f) => `${f.label}: FAILED\n${f.error}`),
  ].join('\n');
}

/** The threading table: onnxruntime's spinning threads against the engine's setting, quiet and beside a busy process. */
export function threadingSection(dtypes: BenchResults['dtypes']): string {
  const runs = dtypes.timing.filter((t): t is TimingResult => !isDtypeFailure(t) && t.variants.some((v) => v.spinning));
  const rows = runs.flatMap((t) =>
    t.variants.map((v) => [
      `${v.dtype}, ${v.spinning ? 'spinning (onnxruntime default)' : 'no spinning (engine)'}`,
      rate(v.medians.decodeShort),
      rate(v.medians.busyDecodeShort),
      x(v.medians.busyDecodeShort / v.medians.decodeShort),
      ms(v.medians.timeToFirstTokenMs),
      ms(v.medians.busyTimeToFirstTokenMs),
      rate(v.medians.decodeLong),
    ]),
  );
  return [
    `onnxruntime threading: spin-waiting worker threads or not, quiet and beside a busy process (one tile; answers of ${dtypePlan.shortTokens} tokens, and ${dtypePlan.longTokens} for the last column)`,
    table(
      [
        'dtype, threads',
        'decode quiet',
        'decode busy',
        'busy/quiet',
        'TTFT quiet',
        'TTFT busy',
        `decode ${dtypePlan.longTokens}`,
      ],
      rows,
    ),
    ...runs.map(
      (t) =>
        `Load average during ${t.label}: ${loads(t.loadAverage.start)} at start, ${loads(t.loadAverage.end)} at end.`,
    ),
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
