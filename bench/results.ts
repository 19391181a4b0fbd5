// The shape of bench/results/latest.json: measurements only, never verdicts.

/** One answer, engine or bare transformers.js. Times in ms, from the call to its end. */
export interface RunSample {
  wallMs: number;
  timeToFirstTokenMs: number;
  completionTokens: number;
  /** Completion tokens after the first, per second of decoding. */
  decodeTokensPerSecond: number;
  promptTokens: number;
  imageTokens: number;
}

export interface Series {
  samples: RunSample[];
  medianWallMs: number;
  medianTimeToFirstTokenMs: number;
  medianDecodeTokensPerSecond: number;
}

export interface Region {
  width: number;
  height: number;
}

export interface OverheadComparison {
  region: Region;
  /** How both sides tiled the image: the engine's policy, applied to the bare processor too. */
  tiling: string;
  engine: Series;
  bare: Series;
  /** Engine median wall time / bare median wall time. */
  totalRatio: number;
  timeToFirstTokenRatio: number;
}

export interface FollowUp {
  region: Region;
  /** The first turn of the conversation the follow-ups continue. */
  firstTurn: RunSample;
  reuse: RunSample & { cachedTokens: number };
  recompute: RunSample & { cachedTokens: number };
  /** reuse TTFT / recompute TTFT. */
  timeToFirstTokenRatio: number;
  sameText: boolean;
}

export interface TilingTiming {
  region: Region;
  /**
   * Bare transformers.js for every row, so only the tiling differs; the median
   * of `largePairs` alternating policy/default runs after the engine is
   * disposed. Tiles: SmolVLM only.
   */
  policy: RunSample & { tiles?: number };
  processorDefault: RunSample & { tiles?: number };
  /** policy TTFT / default TTFT at `region`. */
  timeToFirstTokenRatio: number;
  /** The small region under the policy (one tile for SmolVLM), for scale. */
  smallRegion: Region;
  smallPolicy: RunSample & { tiles?: number };
}

export interface ModelResult {
  label: string;
  dir: string;
  family: string;
  provider: string;
  dtype: string;
  maxNewTokens: number;
  smallPairs: number;
  largePairs: number;
  /** os.loadavg() when the model's process started and ended: other work skews timings. */
  loadAverage: { start: number[]; end: number[] };
  loadMs: { engine: number; bare: number };
  memoryMB: {
    /** The child process after its imports, before any model. */
    baseline: number;
    afterEngineLoad: number;
    /** Peak RSS (getrusage) with the engine alone: load, a large capture and a follow-up. What the app's engine process holds. */
    enginePeak: number;
    /** Peak RSS of the whole run, with the bare model loaded beside the engine. */
    processPeak: number;
  };
  overhead: OverheadComparison[];
  followUp: FollowUp;
  tiling: TilingTiming;
  wallMs: number;
}

export interface ModelFailure {
  label: string;
  dir: string;
  error: string;
}

export interface TilingRow {
  model: string;
  region: Region;
  policyTokens: number;
  policyDetail: string;
  defaultTokens: number;
  defaultDetail: string;
  /** policy / default. */
  ratio: number;
}

/** One answer of the dtype tables. */
export interface DtypeRun {
  timeToFirstTokenMs: number;
  decodeTokensPerSecond: number;
  completionTokens: number;
  wallMs: number;
  /** Garbage collection during the answer (perf_hooks 'gc' entries), main thread. */
  gcMs: number;
}

/** A dtype of the real-shaped model and how onnxruntime's worker threads wait. */
export interface Variant {
  dtype: string;
  spinning: boolean;
}

/** Load time and memory of one variant, in a process of its own. */
export interface MemoryResult extends Variant {
  label: string;
  /** Vlm.load: processor and the three sessions. */
  loadMs: number;
  afterLoadRssMB: number;
  /** Peak RSS (getrusage): load, a short and a long answer. */
  peakRssMB: number;
  loadAverage: { start: number[]; end: number[] };
}

/** Timings of one variant, from a process that runs several variants' answers in turn. */
export interface VariantTiming extends Variant {
  short: DtypeRun[];
  long: DtypeRun[];
  /** Short answers beside a busy process. */
  busy: DtypeRun[];
  medians: {
    timeToFirstTokenMs: number;
    decodeShort: number;
    decodeLong: number;
    /** GC time / wall time of the long answers. */
    gcShareLong: number;
    busyTimeToFirstTokenMs: number;
    busyDecodeShort: number;
  };
}

/**
 * Several variants loaded in one process, their answers interleaved round
 * by round, so that whatever else the machine runs weighs on each alike.
 */
export interface TimingResult {
  label: string;
  variants: VariantTiming[];
  promptTokens: number;
  imageTokens: number;
  loadAverage: { start: number[]; end: number[] };
  wallMs: number;
}

export interface DtypeFailure {
  label: string;
  error: string;
}

export function isDtypeFailure<T extends object>(d: T | DtypeFailure): d is DtypeFailure {
  return 'error' in d;
}

/** The capture's text given with the first question: none, a short dialog's, or a log's at the section's bound. */
export type TextPromptCase = 'none' | 'dialog' | 'log';

/** One case of the text-prompt run at one capture size. */
export interface TextPromptRow {
  region: Region;
  case: TextPromptCase;
  /** Characters of the capture text section in the question (0 without one). */
  sectionChars: number;
  engine: Series;
  /** This case's median / the no-text case's median, at the same region. */
  promptTokensRatio: number;
  timeToFirstTokenRatio: number;
  /**
   * (median TTFT − the no-text case's) / (prompt tokens − the no-text case's):
   * what each token of the section costs, whatever the tokenizer counts.
   */
  msPerAddedToken: number;
  /** os.loadavg() when the region's rounds started and ended. */
  loadAverage: { start: number[]; end: number[] };
}

/** The text-prompt run of one model: every case at every region, in one process. */
export interface TextPromptResult {
  label: string;
  dir: string;
  provider: string;
  dtype: string;
  maxNewTokens: number;
  rounds: number;
  rows: TextPromptRow[];
  wallMs: number;
}

/** The first question about a capture: asked of a new conversation, or after Vlm.prepare encoded the capture. */
export type PreEncodeCase = 'unprepared' | 'prepared';

/** Both cases of the pre-encode run at one capture size. */
export interface PreEncodeRow {
  region: Region;
  /** How the tiling policy tiled the region for this model (vlm.plan). */
  tiling: string;
  /** A new conversation: answer() encodes the image and prefills the whole prompt. TTFT from the answer() call. */
  unprepared: Series;
  /** prepare() first (untimed here), then answer(): TTFT from the answer() call, as the user waits once they ask. */
  prepared: Series;
  /** Vlm.prepare's own duration (PreparedImage.ms), one per prepared answer, in the same order. */
  prepareMs: number[];
  medianPrepareMs: number;
  /** Tokens the prepared cache held (PreparedImage.cachedTokens) and that the prepared answers reported (usage.cachedTokens). */
  preparedTokens: number;
  cachedTokens: number[];
  /** prepared median TTFT / unprepared median TTFT. */
  timeToFirstTokenRatio: number;
  /** (median prepare + prepared median TTFT) / unprepared median TTFT: the whole work, split in two. */
  totalWorkRatio: number;
  /**
   * Every greedy answer of both cases is the same text. Under q8 the question's
   * activations are quantized with a scale of their own when prefilled apart
   * from the image, so a random-weight model's nearly flat logits may pick
   * other tokens.
   */
  sameText: boolean;
  /** The first timed answer of each case. */
  texts: Record<PreEncodeCase, string>;
  /** os.loadavg() when the region's rounds started and ended. */
  loadAverage: { start: number[]; end: number[] };
}

/** The pre-encode run of one model: both cases at every region, in one process. */
export interface PreEncodeResult {
  label: string;
  dir: string;
  provider: string;
  dtype: string;
  maxNewTokens: number;
  rounds: number;
  rows: PreEncodeRow[];
  wallMs: number;
}

export interface BenchResults {
  startedAt: string;
  durationMs: number;
  machine: {
    platform: string;
    arch: string;
    cpuModel: string;
    cpus: number;
    totalMemoryGB: number;
    node: string;
    onnxruntime: string;
    transformers: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  tiling: TilingRow[];
  models: (ModelResult | ModelFailure)[];
  /** The real-shaped model per dtype and threading setting (empty when filtered out). */
  dtypes: { memory: (MemoryResult | DtypeFailure)[]; timing: (TimingResult | DtypeFailure)[] };
  /** The capture's text in the first question, per model (empty when filtered out). */
  textPrompt: (TextPromptResult | ModelFailure)[];
  /** The first question with and without the capture encoded beforehand, per model (empty when filtered out). */
  preEncode: (PreEncodeResult | ModelFailure)[];
}

export function isFailure<T extends object>(result: T | ModelFailure): result is ModelFailure {
  return 'error' in result;
}
