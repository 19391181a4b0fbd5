// Hiding secrets before a capture goes to a model server, for the chat
// service: the findings a page reviews (find), the reviewed boxes filled and
// kept as the image that leaves (hide: sent-<n>.png, and the boxes on the
// capture's info), and, at each question, the image and text that go. A
// question to a model server about a capture nobody reviewed (a page that
// skipped the review, or none) still leaves with every finding hidden: the
// review chooses what to show, never whether to hide. Keyed by capture index
// (0: the first capture, n: the n-th later one). Node only.
import type { CaptureText } from '../../common/capture-text.js';
import type { ChatSettings } from '../../common/chat-contract.js';
import type { AskRequest, Conversation } from '../../common/conversation.js';
import { captureAt, captureOfRequest, captureOfTurn, withRedaction } from '../../common/conversation-captures.js';
import type { ImageSource } from '../../common/engine-protocol.js';
import type { CaptureRedaction, RedactionBox, SecretsFound, SentImage } from '../../common/redaction.js';
import type { HistoryStore } from '../history/history-store.js';
import { SentImages } from '../history/sent-images.js';
import { findSecrets } from '../redaction/find-secrets.js';
import { maskSection } from '../redaction/mask-text.js';
import { ChatError } from './chat-error.js';
import { chatRefusals } from '../../common/chat-refusals.js';
import { late, within } from './within.js';

/** A PNG with each box filled opaque, at its full resolution. */
export type FillBoxes = (png: Uint8Array, boxes: readonly RedactionBox[]) => Promise<Uint8Array>;

export interface RedactionsOptions {
  store: HistoryStore;
  /** Capture `index`'s own PNG (undefined: no such capture). */
  original(conversationId: string, index: number): Promise<Uint8Array | undefined>;
  /** Capture `index`'s text, once read (undefined: it cannot be). */
  text(conversation: Conversation, index: number): Promise<CaptureText | undefined>;
  /** The PNG with each box filled opaque (the engine's fill-boxes: sharp never runs in main); undefined: none here. */
  fill: FillBoxes | undefined;
  /** Whether an answer is being written in the conversation (a redaction waits until it ends). */
  busy(conversationId: string): boolean;
  now(): number;
}

/** How long an unreviewed question waits for its capture's text before it is refused (it never leaves unread). */
const textWaitMs = 60_000;

export class Redactions {
  readonly sent: SentImages;

  constructor(private readonly options: RedactionsOptions) {
    this.sent = new SentImages(options.store);
  }

  /** What looks secret in capture `index`, for the review. */
  async find(conversationId: string, index: number): Promise<SecretsFound> {
    const conversation = await this.conversation(conversationId, index);
    const text = await within(this.options.text(conversation, index), textWaitMs);
    if (!text || text === late) return { findings: [], textRead: false };
    return { findings: findSecrets(text).map(({ kind, box }) => ({ kind, box })), textRead: true };
  }

  /** Fills the boxes in capture `index`, keeps that image as what leaves, and records the boxes on the capture. */
  async hide(conversationId: string, index: number, boxes: readonly RedactionBox[]): Promise<CaptureRedaction> {
    if (this.options.busy(conversationId)) {
      throw new ChatError(chatRefusals.answerWritingWait);
    }
    const conversation = await this.conversation(conversationId, index);
    const capture = captureAt(conversation, index)!;
    const redaction: CaptureRedaction = { boxes: boxes.map((box) => clip(box, capture)), at: this.options.now() };
    await this.fillAndKeep(conversationId, index, redaction.boxes);
    await this.options.store.save(withRedaction(conversation, index, redaction));
    return redaction;
  }

  /** The image that leaves for capture `index`: its hidden areas filled (made again if it was lost). */
  async sentImage(conversationId: string, index: number): Promise<SentImage> {
    const conversation = await this.conversation(conversationId, index);
    const redaction = captureAt(conversation, index)?.redaction;
    if (!redaction) throw new ChatError(chatRefusals.nothingHidden);
    return { pngBase64: Buffer.from(await this.sentBytes(conversationId, index, redaction)).toString('base64') };
  }

  /** Capture `index`'s PNG as it leaves: hidden areas filled when `hidden` and it has a redaction, else as captured. */
  async image(conversationId: string, index: number, hidden: boolean): Promise<Uint8Array> {
    const conversation = await this.conversation(conversationId, index);
    const redaction = captureAt(conversation, index)?.redaction;
    if (hidden && redaction) return this.sentBytes(conversationId, index, redaction);
    const png = await this.options.original(conversationId, index);
    if (!png) throw new ChatError(chatRefusals.captureGone);
    return png;
  }

  // --- at each question ---------------------------------------------------------

  /**
   * The conversation as a question about it may leave. Where it goes to a
   * model server with hiding on, the capture asked about, and every capture
   * whose text the earlier questions carry, get a redaction (every finding
   * hidden where none was reviewed). Whatever answers, the texts of questions
   * about a capture with a redaction are masked: what the user hid, on demand
   * for the local model too, no model sees. Saved when it changed.
   */
  async beforeQuestion(conversation: Conversation, request: AskRequest, settings: ChatSettings): Promise<Conversation> {
    if (request.action === 'transcribe') return conversation;
    const hideFound = settings.answersFromServer && settings.hideSecretsFromServers;
    const asked = captureOfRequest(conversation, request);
    const withText = conversation.turns.flatMap((turn) =>
      turn.role === 'user' && turn.captureText ? [captureOfTurn(turn)] : [],
    );
    let next = conversation;
    for (const index of new Set([asked, ...withText])) {
      let redaction = captureAt(next, index)?.redaction;
      if (!redaction && !hideFound) continue;
      if (!redaction) {
        const found = await this.findOrRefuse(next, index);
        redaction = { boxes: found, at: this.options.now() };
        await this.fillAndKeep(next.id, index, redaction.boxes);
        next = withRedaction(next, index, redaction);
      }
      next = await this.maskTurns(next, index, redaction);
    }
    if (next !== conversation) await this.options.store.save(next);
    return next;
  }

  /** The capture's text section as it leaves with the question (undefined stays undefined). */
  async section(
    conversation: Conversation,
    request: AskRequest,
    section: string | undefined,
  ): Promise<string | undefined> {
    if (section === undefined) return section;
    const index = captureOfRequest(conversation, request);
    const redaction = captureAt(conversation, index)?.redaction;
    if (!redaction) return section;
    const text = await this.options.text(conversation, index);
    // No text to mask it by: the model gets none rather than an unmasked one.
    if (!text) return undefined;
    return maskSection(section, text, redaction.boxes, findSecrets(text));
  }

  /** The image a question about capture `index` sends, to a server or the local model: the filled one where the capture has a redaction. */
  async imageFor(
    conversation: Conversation,
    index: number,
    original: () => Promise<ImageSource>,
  ): Promise<ImageSource> {
    const redaction = captureAt(conversation, index)?.redaction;
    if (!redaction) return original();
    // On disk the engine reads the file itself; it is made again only where it went missing.
    const file = this.sent.file(conversation.id, index);
    if (file && (await this.sent.exists(conversation.id, index))) return { kind: 'path', path: file };
    const bytes = await this.sentBytes(conversation.id, index, redaction);
    return file ? { kind: 'path', path: file } : { kind: 'bytes', bytes: new Uint8Array(bytes) };
  }

  // --- inside -----------------------------------------------------------------------

  private async conversation(conversationId: string, index: number): Promise<Conversation> {
    const conversation = await this.options.store.get(conversationId);
    if (!conversation || !captureAt(conversation, index)) throw new ChatError(chatRefusals.captureGone);
    return conversation;
  }

  /** Every finding's box, for a question nobody reviewed; refused while the text is still being read after a long wait. */
  private async findOrRefuse(conversation: Conversation, index: number): Promise<RedactionBox[]> {
    const capture = captureAt(conversation, index)!;
    const read = await within(this.options.text(conversation, index), textWaitMs);
    if (read === late) {
      throw new ChatError(chatRefusals.stillReadingSecrets);
    }
    return read ? findSecrets(read).map(({ box }) => clip(box, capture)) : [];
  }

  /** The sent image's bytes: kept, or made again from the capture and its boxes (and kept). */
  private async sentBytes(conversationId: string, index: number, redaction: CaptureRedaction): Promise<Uint8Array> {
    return (await this.sent.read(conversationId, index)) ?? this.fillAndKeep(conversationId, index, redaction.boxes);
  }

  private async fillAndKeep(
    conversationId: string,
    index: number,
    boxes: readonly RedactionBox[],
  ): Promise<Uint8Array> {
    const png = await this.options.original(conversationId, index);
    if (!png) throw new ChatError(chatRefusals.captureGone);
    if (!this.options.fill) throw new ChatError(chatRefusals.noFillEngine);
    const filled = await this.options.fill(png, boxes);
    await this.sent.save(conversationId, index, filled);
    return filled;
  }

  /** The questions about capture `index` with their capture text masked by its redaction. */
  private async maskTurns(
    conversation: Conversation,
    index: number,
    redaction: CaptureRedaction,
  ): Promise<Conversation> {
    const about = conversation.turns.some(
      (turn) => turn.role === 'user' && turn.captureText && captureOfTurn(turn) === index,
    );
    if (!about) return conversation;
    const text = await this.options.text(conversation, index);
    const findings = text ? findSecrets(text) : [];
    let changed = false;
    const turns = conversation.turns.map((turn) => {
      if (turn.role !== 'user' || !turn.captureText || captureOfTurn(turn) !== index) return turn;
      const masked = text ? maskSection(turn.captureText, text, redaction.boxes, findings) : undefined;
      if (masked === turn.captureText) return turn;
      changed = true;
      const { captureText: _dropped, ...rest } = turn;
      return masked ? { ...rest, captureText: masked } : rest;
    });
    return changed ? { ...conversation, turns } : conversation;
  }
}

/** A box inside the capture (a page may send one that strays past an edge). */
function clip(box: RedactionBox, capture: { width: number; height: number }): RedactionBox {
  const x = Math.min(box.x, capture.width - 1);
  const y = Math.min(box.y, capture.height - 1);
  return { x, y, width: Math.min(box.width, capture.width - x), height: Math.min(box.height, capture.height - y) };
}
