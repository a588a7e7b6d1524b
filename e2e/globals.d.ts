// The renderer's global declarations (window.tonearm, window.__tonearm test hooks) for page.evaluate callbacks.
/// <reference path="../renderer/env.d.ts" />
