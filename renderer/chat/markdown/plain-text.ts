// A parsed answer's words without markdown's marks: what the live region
// reads out once an answer is done (code and table cells as text, images as
// their alt text).
import type { Token, Tokens } from 'marked';
import type { MarkdownSnapshot } from './stream.js';

/** The words of a parsed answer without markdown's marks: what a screen reader is given to read. */
export function plainText(snapshot: MarkdownSnapshot): string {
  const blocks = [...snapshot.chunks.flat().map((block) => block.token), ...snapshot.tail];
  const text = blocks.map(tokenText).filter((part) => part !== '');
  if (snapshot.open) text.push(snapshot.open.segments.join('') + snapshot.open.rest);
  return text.join('\n');
}

function tokenText(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'def':
    case 'hr':
    case 'checkbox':
      return '';
    case 'code':
    case 'codespan':
    case 'html':
      return String(token.text ?? token.raw);
    case 'list':
      return (token.items as Token[]).map(tokenText).join('\n');
    case 'table':
      return [token.header as Array<{ tokens: Token[] }>, ...(token.rows as Array<Array<{ tokens: Token[] }>>)]
        .map((row) => row.map((cell) => cell.tokens.map(tokenText).join('')).join(', '))
        .join('\n');
    case 'image':
      return String(token.text ?? '');
    default: {
      const generic = token as Tokens.Generic;
      if (Array.isArray(generic.tokens)) {
        const inline = token.type === 'paragraph' || token.type === 'heading' || token.type === 'text';
        const parts = generic.tokens.map(tokenText);
        return inline ? parts.join('') : parts.filter((part) => part !== '').join('\n');
      }
      return String(generic.text ?? generic.raw);
    }
  }
}
