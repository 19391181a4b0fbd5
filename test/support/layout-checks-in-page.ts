// The layout checks of page-audit.ts, as one function that runs inside the
// page (page.evaluate serialises it, so it uses nothing from outside its own
// body). It reports what a user would see as broken: the window or a box that
// scrolls sideways when it is not meant to, two controls on top of each other,
// text cut off by a box that hides its overflow (unless it ends in an ellipsis
// and the full text is in a title or aria-label), a control past the window's
// left or right edge; and for an app's window, the window scrolling at all.

/** What the checks need to know from outside. */
export interface LayoutCheckConfig {
  /** Selectors of the boxes that are meant to scroll sideways. */
  sideways: string[];
  /** Selector of the controls (they must not overlap, nor leave the window). */
  controls: string;
  /** An app's window, not a document: it never scrolls as a whole, its parts scroll inside it. */
  appShell: boolean;
}

export interface LayoutFinding {
  check: 'horizontal-scroll' | 'vertical-scroll' | 'overlap' | 'cut-off' | 'outside-window';
  /** A short CSS path to the element. */
  selector: string;
  /** Its text (or accessible name), shortened. */
  text: string;
  /** What is wrong, in words with the numbers. */
  detail: string;
  /** The boxes involved, as "what x,y w×h". */
  boxes: string[];
}

export function layoutFindingsInPage(config: LayoutCheckConfig): LayoutFinding[] {
  const findings: LayoutFinding[] = [];
  const slack = 1;
  const windowWidth = document.documentElement.clientWidth;
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (element: Element) => {
    let found = styles.get(element);
    if (!found) styles.set(element, (found = getComputedStyle(element)));
    return found;
  };
  type Box = { left: number; top: number; right: number; bottom: number };
  const round = (n: number) => Math.round(n);
  const boxText = (what: string, box: Box) =>
    `${what} ${round(box.left)},${round(box.top)} ${round(box.right - box.left)}×${round(box.bottom - box.top)}`;
  const selectorOf = (element: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = element; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) {
        parts.unshift(`${part}#${e.id}`);
        break;
      }
      const classes = [...e.classList].slice(0, 2);
      if (classes.length > 0) part += `.${classes.join('.')}`;
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const textOf = (element: Element) => {
    const text = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
    return text.length > 70 ? `${text.slice(0, 70)}…` : text;
  };
  const clips = (value: string) => value === 'hidden' || value === 'clip';
  const scrolls = (value: string) => value === 'auto' || value === 'scroll';
  /** The padding box: what an element with hidden overflow shows of its content. */
  const clipBox = (element: Element): Box => {
    const r = element.getBoundingClientRect();
    const left = r.left + element.clientLeft;
    const top = r.top + element.clientTop;
    return { left, top, right: left + element.clientWidth, bottom: top + element.clientHeight };
  };
  const shown = (element: Element) => element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  /**
   * The ancestors that clip an element, nearest first: an absolutely placed
   * box escapes static ancestors, a fixed one every ancestor.
   */
  const clippingAncestors = (element: Element): Element[] => {
    const found: Element[] = [];
    let escapesStatic = false;
    for (let e: Element = element; e.parentElement; e = e.parentElement) {
      const position = style(e).position;
      if (position === 'fixed') break;
      if (position === 'absolute') escapesStatic = true;
      const parent = e.parentElement;
      const parentStyle = style(parent);
      if (escapesStatic && parentStyle.position === 'static') continue;
      escapesStatic = false;
      if (parentStyle.overflowX !== 'visible' || parentStyle.overflowY !== 'visible') found.push(parent);
    }
    return found;
  };
  const cutTo = (box: Box, ancestor: Element): Box => {
    const a = style(ancestor);
    const c = clipBox(ancestor);
    const x = a.overflowX !== 'visible';
    const y = a.overflowY !== 'visible';
    return {
      left: x ? Math.max(box.left, c.left) : box.left,
      right: x ? Math.min(box.right, c.right) : box.right,
      top: y ? Math.max(box.top, c.top) : box.top,
      bottom: y ? Math.min(box.bottom, c.bottom) : box.bottom,
    };
  };
  const empty = (box: Box) => box.right - box.left <= slack || box.bottom - box.top <= slack;
  /**
   * A control's box: `shown`, what its clipping ancestors leave of it now (the
   * window aside); `inScroller`, what is left of it in its nearest scrolling
   * box, wherever that box is scrolled to.
   */
  const controlBoxes = (element: Element) => {
    const r = element.getBoundingClientRect();
    let shown: Box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    let inScroller: Box | undefined;
    let scroller: Element | undefined;
    // A sticky box moves as its scroller scrolls: it is compared as shown now.
    let floats = false;
    for (let e: Element | null = element; e && !floats; e = e.parentElement) {
      floats = style(e).position === 'sticky';
      if (e !== element && scrolls(style(e).overflowY)) break;
    }
    for (const ancestor of clippingAncestors(element)) {
      if (ancestor === document.documentElement || ancestor === document.body) continue;
      const a = style(ancestor);
      if (!scroller && (scrolls(a.overflowX) || scrolls(a.overflowY))) [scroller, inScroller] = [ancestor, shown];
      shown = cutTo(shown, ancestor);
    }
    return { shown, inScroller: inScroller ?? shown, scroller, floats };
  };

  // 1. Sideways scroll: the window, and any box not meant to scroll sideways.
  const page = document.scrollingElement ?? document.documentElement;
  if (page.scrollWidth > page.clientWidth + slack) {
    const culprits = [...document.body.querySelectorAll('*')].filter((element) => {
      const right = element.getBoundingClientRect().right;
      const parentRight = element.parentElement?.getBoundingClientRect().right ?? 0;
      return right > windowWidth + slack && parentRight <= windowWidth + slack && shown(element);
    });
    findings.push({
      check: 'horizontal-scroll',
      selector: 'the window',
      text: '',
      detail: `the page is ${page.scrollWidth} px wide in a ${page.clientWidth} px window; sticking out: ${
        culprits
          .slice(0, 5)
          .map((element) => `${selectorOf(element)} (right edge ${round(element.getBoundingClientRect().right)})`)
          .join(', ') || 'no single element'
      }`,
      boxes: [],
    });
  }
  // An app's window that scrolls as a whole pushes its composer or status line out of sight.
  if (config.appShell && page.scrollHeight > page.clientHeight + slack) {
    const windowHeight = page.clientHeight;
    const culprits = [...document.body.querySelectorAll('*')].filter((element) => {
      const bottom = element.getBoundingClientRect().bottom + page.scrollTop;
      const parentBottom = (element.parentElement?.getBoundingClientRect().bottom ?? 0) + page.scrollTop;
      return bottom > windowHeight + slack && parentBottom <= windowHeight + slack && shown(element);
    });
    findings.push({
      check: 'vertical-scroll',
      selector: 'the window',
      text: '',
      detail: `the window scrolls as a whole: ${page.scrollHeight} px tall in a ${windowHeight} px window; reaching below: ${
        culprits
          .slice(0, 5)
          .map((element) => selectorOf(element))
          .join(', ') || 'no single element'
      }`,
      boxes: [],
    });
  }
  for (const element of document.body.querySelectorAll('*')) {
    if (!scrolls(style(element).overflowX) || element.scrollWidth <= element.clientWidth + slack) continue;
    if (!shown(element) || config.sideways.some((selector) => element.matches(selector))) continue;
    findings.push({
      check: 'horizontal-scroll',
      selector: selectorOf(element),
      text: textOf(element),
      detail: `scrolls sideways: ${element.scrollWidth} px of content in ${element.clientWidth} px`,
      boxes: [boxText('box', clipBox(element))],
    });
  }

  // 2. Controls: visible, not behind a modal dialog, not overlapping, inside the window.
  const modal = document.querySelector('dialog:modal');
  const controls = [...document.querySelectorAll(config.controls)]
    .filter((element) => shown(element) && !element.closest('[inert]') && (!modal || modal.contains(element)))
    .map((element) => ({ element, ...controlBoxes(element) }))
    .filter((control) => !empty(control.floats ? control.shown : control.inScroller));
  for (let i = 0; i < controls.length; i++) {
    const a = controls[i]!;
    for (let j = i + 1; j < controls.length; j++) {
      const b = controls[j]!;
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      // In the same scrolling box they overlap wherever it is scrolled to; else only as they are shown now.
      const together = a.scroller === b.scroller && !a.floats && !b.floats;
      const [boxA, boxB] = together ? [a.inScroller, b.inScroller] : [a.shown, b.shown];
      const width = Math.min(boxA.right, boxB.right) - Math.max(boxA.left, boxB.left);
      const height = Math.min(boxA.bottom, boxB.bottom) - Math.max(boxA.top, boxB.top);
      if (width <= slack || height <= slack) continue;
      findings.push({
        check: 'overlap',
        selector: `${selectorOf(a.element)} and ${selectorOf(b.element)}`,
        text: `${textOf(a.element)} / ${textOf(b.element)}`,
        detail: `the two controls overlap by ${round(width)}×${round(height)} px`,
        boxes: [boxText('first', boxA), boxText('second', boxB)],
      });
    }
    if (!empty(a.shown) && (a.shown.left < -slack || a.shown.right > windowWidth + slack)) {
      findings.push({
        check: 'outside-window',
        selector: selectorOf(a.element),
        text: textOf(a.element),
        detail: `the control reaches past the window (0 to ${windowWidth} px)`,
        boxes: [boxText('control', a.shown)],
      });
    }
  }

  // 3. Text cut off: each piece of text against the boxes that clip it. A box that
  // scrolls lets the text be reached; the box itself must then not be cut off.
  const cut = new Map<Element, { box: Box; text: Box; axis: string }>();
  /** Ends its text in an ellipsis where it is cut: text-overflow on one line, a line clamp on several. */
  const truncates = (element: Element) => {
    const s = style(element);
    return s.textOverflow === 'ellipsis' || s.getPropertyValue('-webkit-line-clamp') !== 'none';
  };
  const exposesFullText = (element: Element) => {
    const full = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    const named = element.closest('[title], [aria-label]');
    const name = named ? `${named.getAttribute('title') ?? ''} ${named.getAttribute('aria-label') ?? ''}` : '';
    return truncates(element) && full.length > 0 && name.replace(/\s+/g, ' ').includes(full);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !(node.textContent ?? '').trim() || !shown(parent)) continue;
    const ownStyle = style(parent);
    const clippers = [
      ...(ownStyle.overflowX !== 'visible' || ownStyle.overflowY !== 'visible' ? [parent] : []),
      ...clippingAncestors(parent),
    ];
    range.selectNodeContents(node);
    for (const fragment of range.getClientRects()) {
      if (fragment.width === 0) continue;
      let box: Box = { left: fragment.left, top: fragment.top, right: fragment.right, bottom: fragment.bottom };
      for (const ancestor of clippers) {
        if (ancestor === document.documentElement || ancestor === document.body) break;
        // A box of a pixel or less hides its text on purpose: it is for screen readers.
        if (ancestor.clientWidth <= slack || ancestor.clientHeight <= slack) break;
        const a = style(ancestor);
        const edge = clipBox(ancestor);
        const pastX = (clips(a.overflowX) && Math.max(edge.left - box.left, box.right - edge.right)) || 0;
        const pastY = (clips(a.overflowY) && Math.max(edge.top - box.top, box.bottom - edge.bottom)) || 0;
        if ((pastX > slack || pastY > slack) && !exposesFullText(ancestor)) {
          if (!cut.has(ancestor))
            cut.set(ancestor, { box: edge, text: box, axis: pastX > slack ? 'sideways' : 'below' });
          break;
        }
        // Past this box, the text is what it shows: all of its box when it scrolls, the rest cut to it.
        if (scrolls(a.overflowX) || scrolls(a.overflowY)) box = edge;
        else box = cutTo(box, ancestor);
      }
    }
  }
  for (const [element, { box, text, axis }] of cut) {
    findings.push({
      check: 'cut-off',
      selector: selectorOf(element),
      text: textOf(element),
      detail: `text is cut off ${axis === 'sideways' ? 'at the side' : 'above or below'} by a box that hides its overflow${
        truncates(element) ? ' (it ends in an ellipsis, but no title or aria-label holds the full text)' : ''
      }`,
      boxes: [boxText('box', box), boxText('text', text)],
    });
  }
  return findings;
}
