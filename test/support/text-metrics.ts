// How close recognised text is to the truth: character error rate (edit
// distance over the truth's length) and word accuracy (1 − word error rate),
// on text normalised the way OCR evaluations usually are: Unicode NFKC,
// typographic quotes as ASCII quotes, no-break spaces as spaces, runs of
// spaces as one, no empty lines. Accents, « » and case all count.

export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u00a0\u202f\u2007]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Levenshtein distance over any sequence. */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export interface TextScore {
  /** Character errors (edits) against the truth. */
  charErrors: number;
  /** Characters in the normalised truth. */
  chars: number;
  cer: number;
  wordErrors: number;
  words: number;
  wordAccuracy: number;
}

export function scoreText(recognised: string, truth: string): TextScore {
  const hypothesis = normaliseText(recognised);
  const reference = normaliseText(truth);
  const charErrors = editDistance([...hypothesis], [...reference]);
  const chars = [...reference].length;
  const hypothesisWords = hypothesis.split(/\s+/).filter(Boolean);
  const referenceWords = reference.split(/\s+/).filter(Boolean);
  const wordErrors = editDistance(hypothesisWords, referenceWords);
  return {
    charErrors,
    chars,
    cer: chars ? charErrors / chars : 0,
    wordErrors,
    words: referenceWords.length,
    wordAccuracy: referenceWords.length ? Math.max(0, 1 - wordErrors / referenceWords.length) : 1,
  };
}

/** Pooled over several captures: total edits over total characters. */
export function poolScores(scores: readonly TextScore[]): { cer: number; wordAccuracy: number; chars: number } {
  const charErrors = scores.reduce((sum, score) => sum + score.charErrors, 0);
  const chars = scores.reduce((sum, score) => sum + score.chars, 0);
  const wordErrors = scores.reduce((sum, score) => sum + score.wordErrors, 0);
  const words = scores.reduce((sum, score) => sum + score.words, 0);
  return {
    cer: chars ? charErrors / chars : 0,
    wordAccuracy: words ? Math.max(0, 1 - wordErrors / words) : 1,
    chars,
  };
}
