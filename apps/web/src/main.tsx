import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { AppProviders } from './app-providers';
import { createAppServices } from './app-services';
import './index.css';
import { preloadValidators } from './validation/load-validators';

const services = createAppServices();
// Once per page load, outside React: a refresh rotates the cookie, so it must never run twice.
void services.restoreSession();
preloadValidators();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AppProviders services={services}>
      <App />
    </AppProviders>
  </StrictMode>,
);
