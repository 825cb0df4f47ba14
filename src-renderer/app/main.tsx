import './zod-csp.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'dockview/dist/styles/dockview.css';
import './styles/theme.css';
import './styles/shell.css';
import './styles/panels.css';
import { connectClient } from '../ipc/connect.js';
import { App } from './app.js';
import { ClientProvider } from './client-context.js';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

// One client for the whole page: every feature shares its connection and subscriptions.
const client = connectClient();

createRoot(rootElement).render(
  <StrictMode>
    <ClientProvider client={client}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
