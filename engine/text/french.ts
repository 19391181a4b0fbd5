// French on top of PP-OCR. PP-OCR's alphabet (Chinese, English and a few
// Latin accents) has no ç ê â î ô û ë ï ù œ «, and drops or swaps them;
// Tesseract's French model reads them but gets more of everything else wrong.
// So PP-OCR's line stays, and Tesseract's reading of the same line gives only
// what PP-OCR could not: accents on letters that match, and characters
// outside PP-OCR's alphabet.

const frenchWords = new Set(
  (
    'le la les un une des du de au aux et est sont été être avez avons vous nous il elle ils ce cette ces ' +
    'pour par pas ne plus sur dans avec que qui quand où ou mais sans sera déjà aussi votre vos leur ' +
    'fichier dossier erreur impossible annuler fermer enregistrer supprimer paramètres réessayer'
  ).split(' '),
);
const englishWords = new Set(
  (
    'the a an and or of to in on at is are was were be been not no this that these with for from by you your ' +
    'it its can cannot could will would has have had do does did if then else file error failed save cancel'
  ).split(' '),
);

/** Whether the text reads as French: its common words outnumber English ones, or it carries French accents. */
export function looksFrench(text: string): boolean {
  let french = 0;
  let english = 0;
  for (const word of text.toLowerCase().split(/[^\p{L}']+/u)) {
    if (!word) continue;
    if (frenchWords.has(word)) french++;
    if (englishWords.has(word)) english++;
    if (/[éèêàâçùûîôœ]/u.test(word)) french += 0.5;
  }
  return french >= 2 && french > english;
}

/** The letter without its accent: é → e, Ç → C. */
export function baseLetter(char: string): string {
  return char.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** What French writes that English does not: Tesseract's reading of these is trusted. */
const frenchOnly = /^[àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»]$/u;

/** Characters PP-OCR writes in place of ones it cannot (« → 《). */
const lookalikes: Record<string, string> = { '《': '«', '》': '»', '<': '«', '>': '»' };

/**
 * Merges Tesseract's reading of a line into PP-OCR's: an edit-distance
 * alignment in which letters equal up to their accents match cheaply; then
 * an accent either saw is kept on such a pair, and Tesseract's French
 * letters and « » that PP-OCR cannot write (and its spaces) replace or fill
 * in PP-OCR's. Everything else is PP-OCR's.
 */
export function mergeFrench(ppocr: string, tesseract: string, canWrite: (char: string) => boolean): string {
  const p = [...ppocr];
  const t = [...tesseract.normalize('NFC')];
  const n = p.length;
  const m = t.length;
  const cost = (a: string, b: string) =>
    a === b ? 0 : baseLetter(a) === baseLetter(b) || lookalikes[a] === b ? 0.25 : 1;
  // dp[i][j]: cost of aligning p[..i) with t[..j).
  const dp = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 0; i <= n; i++) dp[i]![0] = i;
  for (let j = 0; j <= m; j++) dp[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + cost(p[i - 1]!, t[j - 1]!));
    }
  }
  const out: string[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && dp[i]![j] === dp[i - 1]![j - 1]! + cost(p[i - 1]!, t[j - 1]!)) {
      const a = p[i - 1]!;
      const b = t[j - 1]!;
      if (a === b) out.push(a);
      // Equal but for accents: an accent that one of them saw is there (Tesseract's when both saw one).
      else if (cost(a, b) < 1) out.push(a !== baseLetter(a) && b === baseLetter(b) ? a : b);
      else out.push(!canWrite(b) && frenchOnly.test(b) ? b : a);
      i--;
      j--;
    } else if (i > 0 && dp[i]![j] === dp[i - 1]![j]! + 1) {
      out.push(p[i - 1]!);
      i--;
    } else {
      const b = t[j - 1]!;
      // Tesseract's spaces are reliable where PP-OCR runs words together, and
      // so are its accented letters where PP-OCR dropped one.
      if (b === ' ' || frenchOnly.test(b)) out.push(b);
      j--;
    }
  }
  return out.reverse().join('');
}
