// One message that fails to render stays one message. Without a boundary, an
// exception while rendering an answer unmounts the whole page (React removes
// the tree), and a saved answer would blank the page again each time its
// conversation is opened. Here the failure is contained: the message shows
// its text as received, with a note, and the rest of the page — the other
// messages, the composer, the answer still streaming in — keeps working.
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The message as received: what shows when rendering it fails. */
  text: string;
  /**
   * Another value is another message in this place (the page reuses a turn's
   * view for another conversation's turn): rendering is tried again. The
   * same value keeps the plain text — a streaming answer that failed does
   * not retry, and log, on every frame.
   */
  resetKey: string;
  children: ReactNode;
}

interface State {
  failed: boolean;
  resetKey: string;
}

export class MessageBoundary extends Component<Props, State> {
  override state: State = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    // React reports the error itself (console.error); nothing to add here.
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  override render(): ReactNode {
    return this.state.failed ? <RenderFailed text={this.props.text} /> : this.props.children;
  }
}

function RenderFailed({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <div className="message-failed">
      <p className="md-plain">{text}</p>
      <p className="turn-note">{t('turn.renderFailed')}</p>
    </div>
  );
}
