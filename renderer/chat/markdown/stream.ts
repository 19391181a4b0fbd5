// Markdown that grows as the model streams it, parsed so that the cost of a
// new token does not grow with the answer: the answer is cut into top-level
// blocks, a block is lexed (with marked's lexer) once it is complete and never
// again, and only the open block at the end — the tail — is lexed again,
// once per rendered frame however many tokens arrived. Completed blocks are
// grouped into frozen chunks so that the page can skip them wholesale.
//
// Two shapes would make the tail itself grow without bound, and get their own
// handling: an open code fence is never lexed (its text is scanned once for
// the closing fence and shown in fixed-size segments), and a tail longer than
// `tailLimit` characters is cut at a line or word break into blocks.
//
// Every lexing goes through lexBounded: however deeply the model nests its
// markdown, the blocks are nested at most `maxNesting` deep (deeper shows as
// plain text) and lexing never throws, live or from history.
//
// (Over 300 lines: one job, the streaming parser; its steps share the
// stream's state. What an answer reads as plain text is plain-text.ts's.)
import type { MarkedOptions, Token } from 'marked';
import { lexBounded } from './bounded-lexer.js';

export interface Block {
  readonly id: number;
  readonly token: Token;
}

/** A fenced code block still being written. */
export interface OpenCode {
  readonly id: number;
  readonly lang: string;
  /** Finished stretches of its text: they never change. */
  readonly segments: readonly string[];
  /** The text after the last segment. */
  readonly rest: string;
}

export interface MarkdownSnapshot {
  /** Completed blocks, `chunkSize` to a chunk; every chunk but the last is frozen for good. */
  readonly chunks: readonly (readonly Block[])[];
  /** The open blocks at the end (lexed again next frame). */
  readonly tail: readonly Token[];
  readonly open: OpenCode | undefined;
  readonly done: boolean;
}

export const chunkSize = 16;
/** Longest tail lexed as a whole. */
export const tailLimit = 8192;
/** Longest text in one open-code segment. */
const segmentLimit = 4096;

const lexOptions: MarkedOptions = { gfm: true, breaks: false };

interface Fence {
  readonly id: number;
  readonly marker: string;
  readonly indent: number;
  readonly lang: string;
  /** Offsets in the tail (the fence opens it). */
  readonly bodyStart: number;
  /** The next line to check for the closing fence starts here. */
  scanFrom: number;
  segmentEnd: number;
  segments: string[];
}

const openingFence = /^( {0,3})(`{3,}|~{3,})([^\n]*)\n/;

export class MarkdownStream {
  /** Completed blocks' text, and the text after it (never read back: appending stays cheap). */
  private head = '';
  private tail = '';
  private heldCR = false;
  private readonly frozen: (readonly Block[])[] = [];
  private filling: Block[] = [];
  private fillingView: readonly Block[] = [];
  private tailTokens: Token[] = [];
  private fence: Fence | undefined;
  private nextId = 1;
  private finished = false;
  private dirty = true;
  private last: MarkdownSnapshot | undefined;
  /** Characters given to the lexer, in all (for tests and the benchmark). */
  lexedChars = 0;
  /** Characters given to the lexer by the latest snapshot() that did work. */
  lastLexedChars = 0;

  constructor(text = '', done = false) {
    if (text) this.append(text);
    if (done) this.finish();
  }

  /** Everything streamed so far, exactly as received (line endings normalised). */
  get text(): string {
    return this.head + this.tail;
  }

  get done(): boolean {
    return this.finished;
  }

  append(delta: string): void {
    if (this.finished || delta === '') return;
    let text = (this.heldCR ? '\r' : '') + delta;
    // A \r at the end may be the first half of \r\n.
    this.heldCR = text.endsWith('\r');
    if (this.heldCR) text = text.slice(0, -1);
    this.tail += text.replace(/\r\n?/g, '\n');
    this.dirty = true;
  }

  finish(): MarkdownSnapshot {
    if (!this.finished) {
      if (this.heldCR) this.tail += '\n';
      this.heldCR = false;
      this.finished = true;
      this.dirty = true;
    }
    return this.snapshot();
  }

  /** The blocks as they stand; the same object until something is appended. */
  snapshot(): MarkdownSnapshot {
    if (!this.dirty && this.last) return this.last;
    const before = this.lexedChars;
    this.process();
    this.lastLexedChars = this.lexedChars - before;
    this.dirty = false;
    const fence = this.fence;
    this.last = {
      chunks: this.filling.length > 0 ? [...this.frozen, this.fillingView] : [...this.frozen],
      tail: this.tailTokens,
      open: fence
        ? {
            id: fence.id,
            lang: fence.lang,
            segments: fence.segments,
            rest: this.tail.slice(fence.segmentEnd),
          }
        : undefined,
      done: this.finished,
    };
    return this.last;
  }

  // --- parsing -------------------------------------------------------------

  private process(): void {
    this.tailTokens = [];
    for (;;) {
      if (this.fence) {
        if (!this.scanFence(this.fence)) return;
        continue;
      }
      const tail = this.tail;
      if (tail === '') return;
      const fence = this.openFence(tail);
      if (fence) {
        this.fence = fence;
        continue;
      }
      if (tail.length > tailLimit) {
        this.cutLongTail(tail);
        continue;
      }
      const tokens = this.lex(tail);
      if (this.finished) {
        this.commit(tokens);
        return;
      }
      const lastContent = lastContentIndex(tokens);
      if (lastContent > 0) {
        this.commit(tokens.slice(0, lastContent));
        // The open block is a code fence: it takes the fence's path from now on.
        if (openingFence.test(this.tail)) continue;
      }
      this.tailTokens = tokens.slice(Math.max(0, lastContent));
      return;
    }
  }

  /** Cuts a tail too long to lex on every frame into completed blocks. */
  private cutLongTail(tail: string): void {
    const window = tail.slice(0, tailLimit);
    const tokens = this.lex(window);
    const lastContent = lastContentIndex(tokens);
    if (lastContent > 0) {
      this.commit(tokens.slice(0, lastContent));
      return;
    }
    // One block fills the window: end it at a break. A paragraph cut this way
    // shows as two; only a pathological answer gets here.
    const floor = tailLimit / 4;
    let cut = window.lastIndexOf('\n\n');
    if (cut < floor) cut = window.lastIndexOf('\n');
    if (cut < floor) cut = window.lastIndexOf(' ');
    cut = cut < floor ? tailLimit : cut + 1;
    this.commit(cut === window.length ? tokens : this.lex(tail.slice(0, cut)), cut);
  }

  private openFence(tail: string): Fence | undefined {
    const match = openingFence.exec(tail);
    if (!match) return undefined;
    const [line, indent, marker, info] = match as unknown as [string, string, string, string];
    if (marker.startsWith('`') && info.includes('`')) return undefined; // inline code, not a fence
    const bodyStart = line.length;
    return {
      id: this.nextId++,
      marker,
      indent: indent.length,
      lang: info.trim().split(/\s+/)[0] ?? '',
      bodyStart,
      scanFrom: bodyStart,
      segmentEnd: bodyStart,
      segments: [],
    };
  }

  /** Looks for the closing fence in lines not seen yet; true once the block is complete. */
  private scanFence(fence: Fence): boolean {
    const source = this.tail;
    let lineStart = fence.scanFrom;
    // end: where the block's raw text ends, before the closing fence's line break (as marked's lexer has it).
    let closed: { bodyEnd: number; end: number } | undefined;
    while (lineStart < source.length) {
      const newline = source.indexOf('\n', lineStart);
      if (newline < 0 && !this.finished) break;
      const lineEnd = newline < 0 ? source.length : newline;
      if (isClosingFence(source.slice(lineStart, Math.min(lineEnd, lineStart + 256)), fence.marker)) {
        closed = { bodyEnd: lineStart, end: lineEnd };
        break;
      }
      lineStart = lineEnd + 1;
    }
    if (!closed && this.finished) closed = { bodyEnd: source.length, end: source.length };
    if (!closed) {
      fence.scanFrom = Math.min(lineStart, source.length);
      this.growSegments(fence);
      return false;
    }
    const body = source.slice(fence.bodyStart, closed.bodyEnd);
    const token: Token = {
      type: 'code',
      raw: source.slice(0, closed.end),
      lang: fence.lang,
      text: stripIndent(body, fence.indent).replace(/\n$/, ''),
    };
    this.push({ id: fence.id, token });
    this.advance(closed.end);
    this.fence = undefined;
    return true;
  }

  private growSegments(fence: Fence): void {
    const changed = fence.segments.length;
    let segments = fence.segments;
    while (this.tail.length - fence.segmentEnd > segmentLimit) {
      const window = this.tail.slice(fence.segmentEnd, fence.segmentEnd + segmentLimit);
      const newline = window.lastIndexOf('\n');
      const length = newline > segmentLimit / 2 ? newline + 1 : segmentLimit;
      if (segments === fence.segments) segments = [...segments];
      segments.push(window.slice(0, length));
      fence.segmentEnd += length;
    }
    if (segments.length !== changed) fence.segments = segments;
  }

  private lex(source: string): Token[] {
    this.lexedChars += source.length;
    return lexBounded(source, lexOptions);
  }

  /** Adds completed tokens as blocks and moves the tail's start past them (by `length`, or their raw text). */
  private commit(tokens: readonly Token[], length?: number): void {
    let consumed = 0;
    for (const token of tokens) {
      consumed += token.raw.length;
      if (token.type !== 'space' && token.type !== 'def') this.push({ id: this.nextId++, token });
    }
    this.advance(length ?? consumed);
  }

  /** Moves the first `length` characters of the tail to the head. */
  private advance(length: number): void {
    this.head += this.tail.slice(0, length);
    this.tail = this.tail.slice(length);
  }

  private push(block: Block): void {
    this.filling.push(block);
    if (this.filling.length === chunkSize) {
      this.frozen.push(Object.freeze(this.filling));
      this.filling = [];
      this.fillingView = [];
    } else {
      this.fillingView = Object.freeze([...this.filling]);
    }
  }
}

/** Index of the last token that is not blank lines; -1 if none. */
function lastContentIndex(tokens: readonly Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]!.type !== 'space') return i;
  return -1;
}

function isClosingFence(line: string, marker: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!match && match[1]![0] === marker[0] && match[1]!.length >= marker.length;
}

/** CommonMark: a fence indented by n spaces takes up to n spaces off each line of its content. */
function stripIndent(body: string, indent: number): string {
  if (indent === 0) return body;
  const pattern = new RegExp(`^ {1,${indent}}`, 'gm');
  return body.replace(pattern, '');
}

/** A finished text, parsed once (completed answers, reopened conversations). */
export function parseMarkdown(text: string): MarkdownSnapshot {
  return new MarkdownStream(text, true).snapshot();
}
