// Import boundaries for Tonearm (dependency-cruiser 18). Run: `npm run lint:deps` (also part of `npm test`).
//
//   app/          headless core: no Electron, no UI libraries, nothing from main/, renderer/, sync-server/;
//                 inside it, layers (LAYERS below): nothing imports a higher layer.
//   everywhere    test scaffolding only in testing/ folders and test files; production never imports it.
//                 DOM types are kept out of app/ separately: app/tsconfig.json sets "lib": ["ES2024"]
//                 (no "DOM"), so `tsc -b` rejects `window`, `document`, `HTMLElement`, ... in app/.
//   renderer/     may import from app/ ONLY app/contract/ (type-only imports included); its tests also app/testing/;
//                 values only from app/contract/{paths,route,byteRange,itunSmpb}.ts (the rest through renderer/api/contract.ts: no zod).
//   sync-server/  never imports main/ or renderer/.
//   main/         never imports renderer/.
//
// `tsPreCompilationDeps: true` makes type-only imports (`import type ...`) visible to these rules,
// so a type import from app/catalog in renderer/ fails just like a value import would.

/** Test scaffolding: tests, benchmarks, and anything in a testing/ folder. */
const TEST_CODE = '(^|/)testing/|\\.(test|spec|bench)\\.tsx?$|^e2e/';

/**
 * Layers inside app/, lowest first. A module may import its own layer and those below, never one
 * above: the domain model and the contract at the bottom, the command line at the top.
 */
const LAYERS = [
  ['contract', 'text', 'model'],
  ['catalog', 'covers'],
  ['scanner', 'search', 'library', 'loudness', 'transcoder', 'storage'],
  ['sync'],
  ['http', 'server', 'owner'],
  ['cli'],
];
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `app-layer-${layer.join('-')}`,
  comment: `app/{${layer.join(',')}} must not import a higher layer (${LAYERS.slice(i + 1).flat().join(', ')}).`,
  severity: 'error',
  // Tests may set up with higher layers (a catalog test scanning real files); production may not.
  from: { path: `^app/(${layer.join('|')})/`, pathNot: TEST_CODE },
  to: { path: `^app/(${LAYERS.slice(i + 1).flat().join('|')})/` },
}));


/** Packages the headless core must never depend on (also their @types/ packages). */
const UI_AND_SHELL_PACKAGES = ['electron', 'react', 'react-dom', 'howler', 'zustand'];
// Matches both an unresolved bare specifier ("electron", "react/jsx-runtime") and a resolved
// path inside node_modules ("node_modules/react/index.js", "node_modules/@types/react/index.d.ts").
const uiPackagePath = `(^|node_modules/)(@types/)?(${UI_AND_SHELL_PACKAGES.join('|')})(/|$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'app-http-not-server',
      comment: 'app/http holds what both servers mount; it must not reach into the library server (app/server).',
      severity: 'error',
      from: { path: '^app/http/' },
      to: { path: '^app/server/' },
    },
    {
      name: 'no-test-scaffolding-in-production',
      comment:
        'Test scaffolding lives only in testing/ folders and *.test/*.spec/*.bench files, and production code never ' +
        'imports it (nor a test runner).',
      severity: 'error',
      from: { path: '^(app|main|renderer|sync-server)/', pathNot: TEST_CODE },
      to: { path: `${TEST_CODE}|(^|node_modules/)(vitest|@vitest|@playwright|playwright|@20minutes)(/|$)` },
    },
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
      from: { path: '^renderer/', pathNot: TEST_CODE },
      to: { path: '^app/', pathNot: '^app/contract/' },
    },
    {
      name: 'renderer-contract-values-without-zod',
      comment:
        'The renderer takes values of the contract through renderer/api/contract.ts (route tables without their zod ' +
        'schemas, generated at build time); a value import of a schema module would put zod back into the bundle. ' +
        'Types may come from anywhere in app/contract/.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: TEST_CODE },
      to: { path: '^app/contract/', pathNot: '^app/contract/(paths|route|desktop|byteRange|itunSmpb)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-tests-only-app-contract-and-testing',
      comment:
        "The renderer's tests may also use the shared test scaffolding in app/testing/ (plain Node: the seeded " +
        'PRNG, temp dirs), nothing else of app/ but app/contract/.',
      severity: 'error',
      from: { path: `^renderer/.*(${TEST_CODE})` },
      to: { path: '^app/', pathNot: '^app/(contract|testing)/' },
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
    // node_modules is not excluded (only not followed): rules about packages need to see them.
    exclude: { path: '^(dist|out|\\.cache|\\.tools)/' },
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
