// The text read from a capture, drawn over the capture's image: each line
// where the text layer found it (its box, in capture pixels, scaled to the
// size the image is shown at), its words stretched to the box, invisible over
// the image's own pixels but there to select and copy, with a faint highlight
// that shows what was read. Follows the image as it resizes. Used over the
// conversation's preview and over the zoomed capture.
import { Fragment, memo, useLayoutEffect, useMemo, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureText, CaptureTextLine } from '../../common/capture-text.js';

interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the image is drawn, in its positioned parent (the layer's containing block). */
function frameOf(image: HTMLImageElement): Frame {
  return { left: image.offsetLeft, top: image.offsetTop, width: image.clientWidth, height: image.clientHeight };
}

export function TextOverCapture({ text, image }: { text: CaptureText; image: RefObject<HTMLImageElement | null> }) {
  const { t } = useTranslation();
  const [frame, setFrame] = useState<Frame>();

  useLayoutEffect(() => {
    const element = image.current;
    if (!element) return;
    const measure = () => {
      const next = frameOf(element);
      setFrame((previous) =>
        previous &&
        previous.left === next.left &&
        previous.top === next.top &&
        previous.width === next.width &&
        previous.height === next.height
          ? previous
          : next,
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [image]);

  if (!frame || frame.width === 0 || frame.height === 0) return null;
  const scaleX = frame.width / text.width;
  const scaleY = frame.height / text.height;
  return (
    <div
      className="text-layer"
      role="group"
      aria-label={t('capture.textLayer')}
      lang={text.language}
      style={{ left: frame.left, top: frame.top, width: frame.width, height: frame.height }}
    >
      {text.lines.map((line, i) => (
        <Fragment key={i}>
          {/* Lines selected together copy with their line breaks. */}
          {i > 0 && <br />}
          <TextLine line={line} scaleX={scaleX} scaleY={scaleY} />
        </Fragment>
      ))}
    </div>
  );
}

const TextLine = memo(function TextLine({
  line,
  scaleX,
  scaleY,
}: {
  line: CaptureTextLine;
  scaleX: number;
  scaleY: number;
}) {
  const width = line.box.width * scaleX;
  const height = line.box.height * scaleY;
  // The box holds the line's ink: its indentation (spaces) sits before it, out of the stretch.
  const indent = /^ */.exec(line.text)?.[0] ?? '';
  const words = line.text.slice(indent.length);
  const fontSize = Math.max(1, height * glyphHeight);
  const naturalWidth = useMemo(() => textWidth(words) * fontSize, [words, fontSize]);
  const stretch = naturalWidth > 0 ? width / naturalWidth : 1;
  return (
    <span
      className="text-line"
      style={{
        left: line.box.x * scaleX,
        top: line.box.y * scaleY,
        width,
        height,
        fontSize,
        lineHeight: `${height}px`,
      }}
    >
      {indent && <span className="text-line-indent">{indent}</span>}
      <span className="text-line-words" style={{ transform: `scaleX(${stretch})` }}>
        {words}
      </span>
    </span>
  );
});

/** A font size for a box this tall: a line's ink runs from the capitals' tops to the descenders' ends. */
const glyphHeight = 0.9;

let measuring: CanvasRenderingContext2D | null | undefined;

/** The text's width at a font size of 1px, in the page's font. */
function textWidth(text: string): number {
  if (measuring === undefined) {
    measuring = document.createElement('canvas').getContext('2d');
    if (measuring) measuring.font = `100px ${getComputedStyle(document.body).fontFamily}`;
  }
  return measuring ? measuring.measureText(text).width / 100 : 0;
}
