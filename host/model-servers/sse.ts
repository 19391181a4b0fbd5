// Server-sent events, line by line, as the HTML standard defines them
// (https://html.spec.whatwg.org/multipage/server-sent-events.html): "data:"
// lines accumulate, a blank line dispatches the event, ":" starts a comment,
// one space after the colon is dropped, unknown fields are ignored. Lines
// come already split (remote-http.ts); a lone CR as line end is not
// supported — no chat server sends one.

export interface SseEvent {
  event: string;
  data: string;
}

export class SseParser {
  private data: string[] = [];
  private event = '';

  /** Feeds one line; returns the event a blank line completes. */
  push(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    return undefined;
  }

  /**
   * The end of the stream. The standard drops an event the stream ends in
   * the middle of; chat servers that close right after their last "data:"
   * line are common enough that it is dispatched instead.
   */
  end(): SseEvent | undefined {
    return this.dispatch();
  }

  private dispatch(): SseEvent | undefined {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    return { event: event || 'message', data: data.join('\n') };
  }
}
