// Import boundaries for Tonearm (dependency-cruiser 18). Run: `npm run lint:deps` (also part of `npm test`).
//
//   app/          headless core: no Electron, no UI libraries, nothing from main/, renderer/, sync-server/.
//                 DOM types are kept out of app/ separately: app/tsconfig.json sets "lib": ["ES2024"]
//                 (no "DOM"), so `tsc -b` rejects `window`, `document`, `HTMLElement`, ... in app/.
//   renderer/     may import from app/ ONLY app/contract/ (type-only imports included).
//   sync-server/  never imports main/ or renderer/.
//   main/         never imports renderer/.
//
// `tsPreCompilationDeps: true` makes type-only imports (`import type ...`) visible to these rules,
// so a type import from app/catalog in renderer/ fails just like a value import would.

/** Packages the headless core must never depend on (also their @types/ packages). */
const UI_AND_SHELL_PACKAGES = ['electron', 'react', 'react-dom', 'howler', 'zustand'];
// Matches both an unresolved bare specifier ("electron", "react/jsx-runtime") and a resolved
// path inside node_modules ("node_modules/react/index.js", "node_modules/@types/react/index.d.ts").
const uiPackagePath = `(^|node_modules/)(@types/)?(${UI_AND_SHELL_PACKAGES.join('|')})(/|$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'app-no-ui-or-electron',
      comment:
        'app/ is the headless core (CLI, library API, sync client). It must run in plain Node: ' +
        'no electron, react, react-dom, howler or zustand.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: uiPackagePath },
    },
    {
      name: 'app-no-process-folders',
      comment: 'app/ must not import from main/, renderer/ or sync-server/; they depend on app/, not the reverse.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^(main|renderer|sync-server)/' },
    },
    {
      name: 'renderer-only-app-contract',
      comment:
        'The renderer talks to the core only over HTTP; from app/ it may import app/contract/ ' +
        '(types and route builders) and nothing else, not even types.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^app/', pathNot: '^app/contract/' },
    },
    {
      name: 'sync-server-not-main-or-renderer',
      comment: 'The sync server is a separate deployable; it must not import the Electron shell or the UI.',
      severity: 'error',
      from: { path: '^sync-server/' },
      to: { path: '^(main|renderer)/' },
    },
    {
      name: 'main-not-renderer',
      comment: 'The Electron main process loads the renderer bundle by URL; it never imports renderer code.',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'app-no-circular',
      comment: 'Circular dependencies inside app/ make module init order fragile. Warning only.',
      severity: 'warn',
      from: { path: '^app/' },
      to: { path: '^app/', circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|out|\\.cache|\\.tools)/' },
    // See type-only imports too (they are erased before runtime but still cross boundaries).
    tsPreCompilationDeps: true,
    // Imports carry explicit .ts/.tsx extensions; the list below also covers extensionless ones.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
