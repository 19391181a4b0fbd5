import { useEffect } from 'react';
import { useChatStore } from './store.js';

export function App() {
  const connection = useChatStore((state) => state.connection);
  const connect = useChatStore((state) => state.connect);
  useEffect(() => {
    void connect();
  }, [connect]);

  return (
    <main className="chat">
      <header className="chat-header">
        <h1>Sightline</h1>
      </header>
      <section className="chat-empty" aria-labelledby="empty-title">
        <h2 id="empty-title">Nothing captured yet</h2>
        <p>
          Select any part of any screen and an explanation of what is there streams in here. You can then ask follow-up
          questions about the same capture.
        </p>
      </section>
      <footer className="chat-status" role="status">
        {connection.state === 'connecting' && 'Connecting…'}
        {connection.state === 'connected' &&
          `Sightline ${connection.info.version} · Electron ${connection.info.versions.electron}`}
        {connection.state === 'offline' && connection.reason}
      </footer>
    </main>
  );
}
