// The desktop shell in the real Electron binary (`npm run test:electron`): only where Electron's
// binary can be had, so it is apart from `npm test` (see e2e/electron.desktop.ts).
import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

export default defineConfig({ ...base, testMatch: '**/*.desktop.ts' });
