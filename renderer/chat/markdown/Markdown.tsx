// Markdown tokens to React elements. Model output is untrusted text: it only
// ever becomes text nodes and a fixed set of elements — raw HTML shows as
// text, images are never fetched (their alt text shows, as a link when the
// address is http/https), and a link opens only after the page's
// confirmation, through main, never by navigating this page. Code blocks
// are CodeBlock.tsx's; character references are decoded by entities.ts.
import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Token, Tokens } from 'marked';
import { checkExternalUrl } from '../../../common/external-url.js';
import { markdownActions } from './actions.js';
import type { PlainBlock } from './bounded-lexer.js';
import { CodeBlock, OpenCodeView } from './CodeBlock.js';
import { decodeEntities } from './entities.js';
import type { Block, MarkdownSnapshot } from './stream.js';
import './markdown.css';

export function MarkdownView({ snapshot }: { snapshot: MarkdownSnapshot }) {
  return (
    <div className="markdown">
      {snapshot.chunks.map((chunk, i) => (
        <Chunk key={i} blocks={chunk} />
      ))}
      {snapshot.tail.map((token, i) => (
        <BlockView key={`tail-${i}`} token={token} />
      ))}
      {snapshot.open && <OpenCodeView code={snapshot.open} />}
    </div>
  );
}

/**
 * A chunk of completed blocks: the same array renders nothing new. Its
 * element lets the browser skip the layout and paint of chunks out of view
 * (content-visibility in chat.css), so a long answer does not make each new
 * token dearer to draw.
 */
const Chunk = memo(function Chunk({ blocks }: { blocks: readonly Block[] }) {
  return (
    <div className="md-chunk">
      {blocks.map((block) => (
        <BlockView key={block.id} token={block.token} />
      ))}
    </div>
  );
});

const BlockView = memo(function BlockView({ token }: { token: Token }) {
  return renderBlock(token);
});

function renderBlocks(tokens: readonly Token[] | undefined): ReactNode {
  return tokens?.map((token, i) => <BlockView key={i} token={token} />);
}

function renderBlock(token: Token): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
      return <p>{renderInline((token as Tokens.Paragraph).tokens)}</p>;
    case 'heading': {
      const heading = token as Tokens.Heading;
      // Under the conversation's h2 (Conversation.tsx): the answer's first
      // three levels are h3 and the rest h4, so no level is ever skipped
      // however an answer (still streaming) starts; the class keeps the
      // model's own sizes.
      const Tag = heading.depth <= 3 ? 'h3' : 'h4';
      return <Tag className={`md-h${heading.depth}`}>{renderInline(heading.tokens)}</Tag>;
    }
    case 'code': {
      const code = token as Tokens.Code;
      return <CodeBlock text={code.text} lang={code.lang} />;
    }
    case 'blockquote':
      return <blockquote>{renderBlocks((token as Tokens.Blockquote).tokens)}</blockquote>;
    case 'list':
      return <List list={token as Tokens.List} />;
    case 'table':
      return <Table table={token as Tokens.Table} />;
    case 'hr':
      return <hr />;
    case 'html':
      // Raw HTML is shown, never parsed.
      return <p className="md-raw">{(token as Tokens.HTML).raw}</p>;
    case 'plain':
      // Nested too deep to render as such (bounded-lexer.ts): the text as the model wrote it.
      return <p className="md-plain">{(token as PlainBlock).text}</p>;
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? renderInline(text.tokens) : decodeEntities(text.text);
    }
    default:
      return <p>{token.raw}</p>;
  }
}

function List({ list }: { list: Tokens.List }) {
  const items = list.items.map((item, i) => (
    <li key={i} className={item.task ? 'md-task' : undefined}>
      {item.loose ? renderBlocks(item.tokens) : renderTight(item.tokens)}
    </li>
  ));
  if (list.ordered) return <ol start={typeof list.start === 'number' ? list.start : undefined}>{items}</ol>;
  return <ul>{items}</ul>;
}

/** A tight list item's text tokens are inline content; anything else is a block. */
function renderTight(tokens: readonly Token[]): ReactNode {
  return tokens.map((token, i) =>
    token.type === 'text' || token.type === 'checkbox' ? (
      <InlineFragment key={i} token={token} />
    ) : (
      <BlockView key={i} token={token} />
    ),
  );
}

function InlineFragment({ token }: { token: Token }) {
  return renderInlineToken(token, 0);
}

function Table({ table }: { table: Tokens.Table }) {
  const align = (i: number) => table.align[i] ?? undefined;
  return (
    <div className="md-table">
      <table>
        <thead>
          <tr>
            {table.header.map((cell, i) => (
              <th key={i} style={align(i) ? { textAlign: align(i) } : undefined}>
                {renderInline(cell.tokens)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) => (
                <td key={i} style={align(i) ? { textAlign: align(i) } : undefined}>
                  {renderInline(cell.tokens)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function renderInline(tokens: readonly Token[] | undefined): ReactNode {
  return tokens?.map((token, i) => renderInlineToken(token, i));
}

function renderInlineToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? (
        <span key={key}>{renderInline(text.tokens)}</span>
      ) : (
        <span key={key}>{decodeEntities(text.text)}</span>
      );
    }
    case 'escape':
      return <span key={key}>{decodeEntities((token as Tokens.Escape).text)}</span>;
    case 'strong':
      return <strong key={key}>{renderInline((token as Tokens.Strong).tokens)}</strong>;
    case 'em':
      return <em key={key}>{renderInline((token as Tokens.Em).tokens)}</em>;
    case 'del':
      return <del key={key}>{renderInline((token as Tokens.Del).tokens)}</del>;
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const link = token as Tokens.Link;
      return (
        <SafeLink key={key} href={link.autolink ? link.href : decodeEntities(link.href)} title={link.title}>
          {renderInline(link.tokens)}
        </SafeLink>
      );
    }
    case 'image': {
      const image = token as Tokens.Image;
      return <ImageReference key={key} href={decodeEntities(image.href)} alt={decodeEntities(image.text)} />;
    }
    case 'checkbox':
      return (
        <input
          key={key}
          type="checkbox"
          className="md-checkbox"
          checked={(token as Tokens.Checkbox).checked}
          disabled
          readOnly
        />
      );
    case 'html':
      return <span key={key}>{token.raw}</span>;
    default:
      return <span key={key}>{token.raw}</span>;
  }
}

/**
 * A link from the model. Only http(s) addresses become links; a click asks
 * for confirmation (showing the full URL) and then main opens it. The page
 * itself never navigates: the default action is always prevented.
 */
function SafeLink({ href, title, children }: { href: string; title?: string | null; children: ReactNode }) {
  const checked = checkExternalUrl(href);
  if (!checked.ok) return <span className="md-link-refused">{children}</span>;
  const open = (event: { preventDefault(): void }) => {
    event.preventDefault();
    markdownActions().openLink(checked.url);
  };
  return (
    <a
      href={checked.url}
      title={title ? `${title} — ${checked.url}` : checked.url}
      rel="noreferrer noopener"
      onClick={open}
      onAuxClick={open}
      onDragStart={(event) => event.preventDefault()}
    >
      {children}
    </a>
  );
}

/** An image in an answer is never fetched: its alt text stands in, as a link to it when http(s). */
function ImageReference({ href, alt }: { href: string; alt: string }) {
  const { t } = useTranslation();
  const label = t('image', { alt: alt || href });
  return checkExternalUrl(href).ok ? (
    <SafeLink href={href}>
      <span className="md-image">{label}</span>
    </SafeLink>
  ) : (
    <span className="md-image">{label}</span>
  );
}
