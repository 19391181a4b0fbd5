// The answers one page asked for. A page — a chat window in the app, a browser
// tab on the web host — stops only its own answers, and the answers it leaves
// running stop when it goes away (closed, reloaded, crashed): nobody would
// read them. Both hosts keep one of these per page, around ChatService.
import type { AskRequest } from '../../common/conversation.js';
import type { AnswerSink } from './answering.js';
import type { ChatService } from './chat-service.js';

export class PageAnswers {
  private readonly running = new Set<string>();

  constructor(private readonly service: Pick<ChatService, 'ask' | 'stop' | 'stopAll'>) {}

  /** ChatService.ask for this page: resolves once the question is saved, then the answer's events go to `sink`. */
  async ask(request: AskRequest, sink: AnswerSink): Promise<void> {
    this.running.add(request.answerId);
    try {
      await this.service.ask(request, (event) => {
        if (event.type === 'done' || event.type === 'error') this.running.delete(request.answerId);
        sink(event);
      });
    } catch (error) {
      this.running.delete(request.answerId);
      throw error;
    }
  }

  /** Stops one of this page's answers; another page's answer is not this page's to stop. */
  stop(answerId: string): void {
    if (this.running.has(answerId)) this.service.stop(answerId);
  }

  /** The page went away: its answers stop (each is saved as stopped, with what it had written). */
  stopAll(): void {
    this.service.stopAll([...this.running]);
    this.running.clear();
  }
}
