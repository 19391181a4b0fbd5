import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './overlay.css';
import { Overlay } from './Overlay.js';

const root = document.getElementById('root');
if (!root) throw new Error('The overlay page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <Overlay />
  </StrictMode>,
);
