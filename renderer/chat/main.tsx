import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './chat.css';
import { App } from './App.js';

const root = document.getElementById('root');
if (!root) throw new Error('The chat page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
