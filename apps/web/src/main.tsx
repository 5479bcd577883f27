import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App.tsx';
import { SessionProvider } from './auth/SessionContext.tsx';
import './styles/base.css';
import './styles/components.css';
import './styles/account.css';
import './styles/prosemirror.css';
import './styles/editor.css';
import './styles/review.css';
import './styles/diff.css';
import './styles/threads.css';
import './styles/notifications.css';
import './styles/citations.css';
import './styles/lifecycle.css';
import './styles/images.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
