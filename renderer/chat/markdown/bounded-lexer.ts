// marked's lexer, with its nesting bounded. Model output is untrusted, and
// marked recurses once per level of nesting: `> > > …`, `- - - …` or
// `1. 1. 1. …` a few kB long nest thousands of levels deep, and overflow the
// stack — in the lexer, in React's commit, in Chromium's layout (before this,
// the chat page broke from about 900 levels). This lexer stops descending
// past `maxNesting` levels of blocks (quotes, list items) and, separately,
// of inline marks (emphasis, links), and a top-level block that went past
// either shows as the plain text it was written as. The bound costs one
// counter per level, not a pass over the text, and it also bounds the work:
// marked lexes a quote's text again at every level.
import { Lexer, type MarkedOptions, type Token, type Tokens, type TokensList } from 'marked';

/** Levels of blocks, and of inline marks, that render as such; deeper shows as plain text. */
export const maxNesting = 16;

/** A top-level block shown as it was written: nested too deep, or not lexable. */
export interface PlainBlock {
  type: 'plain';
  raw: string;
  /** What is shown (the raw text, without its trailing line breaks). */
  text: string;
}

export function plainBlock(raw: string): PlainBlock {
  return { type: 'plain', raw, text: raw.trimEnd() };
}

class BoundedLexer extends Lexer {
  private blockDepth = 0;
  private inlineDepth = 0;
  /** What stands in for the content past the limit (it never reaches the page: its top-level block is replaced). */
  readonly cuts = new Set<Token>();

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped?: boolean): Token[] {
    if (this.blockDepth > maxNesting) return this.cut(src, tokens);
    this.blockDepth++;
    try {
      return super.blockTokens(src, tokens, lastParagraphClipped);
    } finally {
      this.blockDepth--;
    }
  }

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    if (this.inlineDepth > maxNesting) return this.cut(src, tokens);
    this.inlineDepth++;
    try {
      return super.inlineTokens(src, tokens);
    } finally {
      this.inlineDepth--;
    }
  }

  private cut(src: string, tokens: Token[]): Token[] {
    const stub = plainBlock(src);
    this.cuts.add(stub);
    tokens.push(stub);
    return tokens;
  }
}

/**
 * The blocks of `source`, each nested at most `maxNesting` deep: a top-level
 * block nested deeper, or text marked fails on, is one plain block with the
 * same raw text (so the streaming parser's accounting is unchanged).
 */
export function lexBounded(source: string, options: MarkedOptions): Token[] {
  try {
    const lexer = new BoundedLexer(options);
    const tokens = lexer.lex(source);
    if (lexer.cuts.size === 0) return tokens;
    return tokens.map((token) => (holdsCut(token, lexer.cuts) ? plainBlock(token.raw) : token));
  } catch {
    // A failure of marked's own (a limit, a bug) shows the text as written rather than breaking the answer.
    return [plainBlock(source)];
  }
}

/** Whether a cut is in `token`'s tree (bounded in depth by the cut itself, so recursing is safe). */
function holdsCut(token: Token, cuts: ReadonlySet<Token>): boolean {
  return cuts.has(token) || childrenOf(token).some((child) => holdsCut(child, cuts));
}

function childrenOf(token: Token): readonly Token[] {
  switch (token.type) {
    case 'list':
      return (token as Tokens.List).items;
    case 'table': {
      const table = token as Tokens.Table;
      return [...table.header, ...table.rows.flat()].flatMap((cell) => cell.tokens);
    }
    default:
      return (token as Tokens.Generic).tokens ?? [];
  }
}
