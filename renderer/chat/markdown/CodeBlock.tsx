// Code in an answer: a finished fence highlighted (highlight.js, as text
// nodes only) under a header with its language and a copy button; a fence
// still being written as plain text in fixed segments, so a long one does not
// make each new token dearer to draw.
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { markdownActions } from './actions.js';
import { highlight, languageName } from './highlight.js';
import type { OpenCode } from './stream.js';

export const CodeBlock = memo(function CodeBlock({ text, lang }: { text: string; lang: string | undefined }) {
  const highlighted = useMemo(() => highlight(text, lang), [text, lang]);
  return (
    <figure className={figureClass(lang)}>
      <CodeHeader lang={lang} text={text} />
      {/* A long line scrolls sideways: focusable, so the keyboard scrolls it too. */}
      <pre tabIndex={0}>
        <code className={highlighted ? 'hljs' : undefined}>{highlighted ?? text}</code>
      </pre>
    </figure>
  );
});

function CodeHeader({ lang, text }: { lang: string | undefined; text: string | undefined }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <figcaption className="md-code-header">
      <span>{languageName(lang) ?? (lang || t('code.label'))}</span>
      {text !== undefined && (
        <button
          type="button"
          className="md-copy"
          onClick={() => {
            void markdownActions()
              .copy(text)
              .then(() => {
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              });
          }}
        >
          {copied ? t('code.copied') : t('code.copy')}
        </button>
      )}
    </figcaption>
  );
}

/** A code fence still being written: plain text in fixed segments, highlighted once it closes. */
export function OpenCodeView({ code }: { code: OpenCode }) {
  return (
    <figure className={`${figureClass(code.lang)} md-code-open`}>
      <CodeHeader lang={code.lang} text={undefined} />
      {/* A long line scrolls sideways: focusable, so the keyboard scrolls it too. */}
      <pre tabIndex={0}>
        <code>
          {code.segments.map((segment, i) => (
            <Segment key={i} text={segment} />
          ))}
          {code.rest}
        </code>
      </pre>
    </figure>
  );
}

const Segment = memo(function Segment({ text }: { text: string }) {
  return <span>{text}</span>;
});

/** Plain text (a transcript, say) wraps like the prose it is; code keeps its lines and scrolls. */
function figureClass(lang: string | undefined): string {
  return lang === 'text' ? 'md-code md-plain-text' : 'md-code';
}
