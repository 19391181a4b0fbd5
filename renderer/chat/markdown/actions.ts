// What links and copy buttons in an answer do. The markdown components only
// render; the chat store decides (a link is confirmed first, a copy that
// fails says why), and sets these once when it is created.
export interface MarkdownActions {
  openLink(url: string): void;
  copy(text: string): Promise<void>;
}

let actions: MarkdownActions = {
  openLink: () => {},
  copy: () => Promise.resolve(),
};

/** What links and copy buttons do (the store sets this once). */
export function setMarkdownActions(next: MarkdownActions): void {
  actions = next;
}

/** The actions in force. */
export function markdownActions(): MarkdownActions {
  return actions;
}
