import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './chat.css';
import { initI18n } from './i18n/index.js';
import { App } from './App.js';

initI18n();
const root = document.getElementById('root');
if (!root) throw new Error('The chat page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
