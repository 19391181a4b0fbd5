// The text that goes with the first question about a conversation's later
// capture (common/conversation-captures.ts), as capture-texts.ts gives the
// first capture's with the conversation's first question. A closer look's is
// its parent capture's text layer cut to the region: the lines whose middle
// lies inside it, their boxes moved into the crop's pixels (the parent was
// read at full resolution; the crop is read no better). A capture taken again
// is read by the text layer. Held in memory for this run; a conversation
// reopened later derives or reads them again when asked. Node only.
import { captureTextSection, type CaptureText } from '../../common/capture-text.js';
import type { ChatSettings } from '../../common/chat-contract.js';
import type { AskRequest, CaptureRect, Conversation, LaterCapture } from '../../common/conversation.js';
import { captureAt, captureOfRequest, captureOfTurn } from '../../common/conversation-captures.js';
import type { ImageSource } from '../../common/engine-protocol.js';
import type { AnswerLanguage } from '../../common/settings.js';
import type { AnswerStream } from '../engine-host/engine-host.js';
import type { CaptureTexts, TextLayer } from './capture-texts.js';
import { transcriptAnswer } from './transcript.js';
import { withinOrUndefined } from './within.js';

/** How long a first question waits for its capture's text before it goes without it. */
const captureTextWaitMs = 3000;
/** How many later captures' texts are kept. */
const kept = 32;

/** The lines of `text` whose middle lies inside `rect`, with their boxes in the rect's own pixels. */
export function textInside(text: CaptureText, rect: CaptureRect): CaptureText {
  const lines = text.lines
    .filter(({ box }) => {
      const middleX = box.x + box.width / 2;
      const middleY = box.y + box.height / 2;
      return middleX >= rect.x && middleX < rect.x + rect.width && middleY >= rect.y && middleY < rect.y + rect.height;
    })
    .map((line) => {
      const left = Math.max(line.box.x, rect.x);
      const top = Math.max(line.box.y, rect.y);
      const right = Math.min(line.box.x + line.box.width, rect.x + rect.width);
      const bottom = Math.min(line.box.y + line.box.height, rect.y + rect.height);
      return { ...line, box: { x: left - rect.x, y: top - rect.y, width: right - left, height: bottom - top } };
    });
  return {
    language: text.language,
    width: rect.width,
    height: rect.height,
    lines,
    text: lines.map((line) => line.text).join('\n'),
  };
}

export class LaterCaptureTexts {
  private readonly texts = new Map<string, Promise<CaptureText | undefined>>();

  constructor(
    private readonly firstCaptures: CaptureTexts,
    private readonly textLayer: TextLayer | undefined,
  ) {}

  /**
   * The capture text section for the question `request` asks: the first capture's with the
   * conversation's first question (capture-texts.ts), a later capture's with the first question
   * about it, when the setting is on and the text is there within a few seconds.
   */
  async sectionFor(
    conversation: Conversation,
    request: AskRequest,
    settings: ChatSettings,
    image: (index: number) => Promise<ImageSource>,
  ): Promise<string | undefined> {
    const index = captureOfRequest(conversation, request);
    if (index === 0) return this.firstCaptures.sectionFor(conversation, request, settings, () => image(0));
    const asked = conversation.turns.filter((turn) => turn.role === 'user' && captureOfTurn(turn) === index).length;
    const first = request.mode === 'ask' ? asked === 0 : request.mode === 'edit' && asked === 1;
    if (!first || !settings.captureTextToModel || request.action === 'transcribe') return undefined;
    const text = await withinOrUndefined(this.text(conversation, index, image), captureTextWaitMs);
    return text && captureTextSection(text.text);
  }

  /** Capture `index`'s text (0: the first capture's, as read when it opened); undefined if there is none. */
  text(
    conversation: Conversation,
    index: number,
    image: (index: number) => Promise<ImageSource>,
  ): Promise<CaptureText | undefined> {
    if (index === 0) {
      this.firstCaptures.read(conversation.id, () => image(0));
      return this.firstCaptures.text(conversation.id);
    }
    const capture = captureAt(conversation, index) as LaterCapture | undefined;
    if (!capture) return Promise.resolve(undefined);
    const key = `${conversation.id}#${index}`;
    const known = this.texts.get(key);
    if (known) return known;
    const reading = this.readOrDerive(conversation, capture, index, image).catch(() => undefined);
    this.texts.set(key, reading);
    while (this.texts.size > kept) this.texts.delete(this.texts.keys().next().value as string);
    return reading;
  }

  /** "Transcribe the text" about capture `index`, answered at once from its text layer (transcript.ts). */
  transcript(
    conversation: Conversation,
    index: number,
    language: AnswerLanguage,
    image: (index: number) => Promise<ImageSource>,
  ): AnswerStream {
    if (index === 0) return this.firstCaptures.transcript(conversation.id, language, () => image(0));
    return transcriptAnswer(
      this.text(conversation, index, image),
      () => 'the capture is gone, or its text could not be read.',
      (text) => (language === 'question' ? text.language : language),
    );
  }

  forget(conversationId: string): void {
    for (const key of [...this.texts.keys()]) if (key.startsWith(`${conversationId}#`)) this.texts.delete(key);
  }

  private async readOrDerive(
    conversation: Conversation,
    capture: LaterCapture,
    index: number,
    image: (index: number) => Promise<ImageSource>,
  ): Promise<CaptureText | undefined> {
    const from = capture.from;
    if (capture.origin === 'closer-look' && from && from.capture < index) {
      const parent = await this.text(conversation, from.capture, image);
      return parent && textInside(parent, from.rect);
    }
    return this.textLayer?.readText(await image(index));
  }
}
