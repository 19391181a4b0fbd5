// Markdown nested far deeper than any answer needs: what a hostile server, or
// text in a screenshot that the model repeats, can make an answer hold.

export const deepKinds = [
  'block quotes',
  'bullet lists',
  'ordered lists',
  'quotes and lists mixed',
  'lists nested by indentation',
  'emphasis',
] as const;
export type DeepKind = (typeof deepKinds)[number];

/**
 * Deep enough to have broken the chat page before nesting was bounded
 * (Chromium overflowed the stack from about 900 levels; indentation costs
 * the square of the depth in text, so it is only as deep as a few kB allow),
 * and short enough to stream as one open block (under stream.ts's tailLimit).
 */
export const hostileDepth: Record<DeepKind, number> = {
  'block quotes': 3000,
  'bullet lists': 3000,
  'ordered lists': 2500,
  'quotes and lists mixed': 3000,
  'lists nested by indentation': 60,
  emphasis: 2000,
};

/** One block of `kind` nested `depth` levels deep, ending in `word`. */
export function nested(kind: DeepKind, depth: number, word = 'bottom'): string {
  switch (kind) {
    case 'block quotes':
      return '> '.repeat(depth) + word;
    case 'bullet lists':
      return '- '.repeat(depth) + word;
    case 'ordered lists':
      return '1. '.repeat(depth) + word;
    case 'quotes and lists mixed':
      return Array.from({ length: depth }, (_, i) => ['> ', '- ', '1. '][i % 3]).join('') + word;
    case 'lists nested by indentation':
      return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n') + ` ${word}`;
    case 'emphasis': {
      // `*a _a *a … bottom_*_*`: each mark opens one more level of emphasis (marked nests these; `*_*_…` it does not).
      const marks = Array.from({ length: depth }, (_, i) => (i % 2 ? '_' : '*'));
      return marks.map((mark) => `${mark}a `).join('') + word + marks.reverse().join('');
    }
  }
}
