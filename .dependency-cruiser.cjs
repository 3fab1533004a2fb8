// The layers of the house (architecture.md, rule 9), kept by `npm run lint`, not by habit.
// Paths are resolved files, so a type-only import or an odd relative path cannot slip past.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-stays-inside',
      comment:
        'electron/core is the main-process logic: it never imports a host (main, preload, serve, host), the demo cluster or the renderer. It reaches the demo through its own DemoPort.',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: { path: '^(electron/(main|preload|serve|host|demo)|renderer)/' },
    },
    {
      name: 'electron-at-the-edge',
      comment: 'Only electron/main and electron/preload import Electron.',
      severity: 'error',
      from: { pathNot: '^electron/(main|preload)/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'hosts-use-the-core-index',
      comment:
        'electron/main and electron/serve import core only through its public surface: electron/core/index.ts, or ui-thread.ts, the part of it that stays on the UI thread.',
      severity: 'error',
      from: { path: '^electron/(main|serve)/' },
      to: { path: '^electron/core/', pathNot: '^electron/core/(index|ui-thread)\\.ts$' },
    },
    {
      name: 'ui-thread-loads-no-core',
      comment:
        "The thread that serves the windows only forwards: the hosts load core's stores and log (electron/core/ui-thread.ts), never all of core or the demos, which run on the core thread. The same-thread fallback imports them when it is needed (a dynamic import); types are free.",
      severity: 'error',
      from: { path: '^electron/(main|serve)/' },
      to: {
        path: '^electron/core/index\\.ts$|^electron/demo/|^electron/host/core-thread/(entry|serve-core)\\.ts$',
        dependencyTypesNot: ['type-only', 'dynamic-import'],
      },
    },
    {
      name: 'hosts-do-not-import-each-other',
      comment:
        'What both hosts share lives in electron/host; main never imports the browser host, nor it main.',
      severity: 'error',
      from: { path: '^electron/(main|preload)/' },
      to: { path: '^electron/serve/' },
    },
    {
      name: 'browser-host-is-not-electron',
      severity: 'error',
      from: { path: '^electron/serve/' },
      to: { path: '^electron/(main|preload)/' },
    },
    {
      name: 'host-common-is-neutral',
      comment:
        "electron/host holds the rules both hosts share; it knows neither host, nor the demo, nor core internals (only core's public surface: index.ts, and ui-thread.ts).",
      severity: 'error',
      from: { path: '^electron/host/', pathNot: '^electron/host/core-thread/entry\\.ts$' },
      to: {
        path: '^(electron/(main|preload|serve|demo)|renderer)/|^electron/core/(?!(index|ui-thread)\\.ts$)',
      },
    },
    {
      name: 'core-thread-entry-starts-only-the-demos',
      comment:
        'The core thread entry (both hosts run core there) may start the built-in demos, and knows no host.',
      severity: 'error',
      from: { path: '^electron/host/core-thread/entry\\.ts$' },
      to: {
        path: '^(electron/(main|preload|serve)|renderer)/|^electron/core/(?!index\\.ts$)|^electron/demo/(?!built-in\\.ts$)',
      },
    },
    {
      name: 'preload-knows-only-the-contract',
      comment: 'The sandboxed preload exposes the contract: shared/ and the channel names only.',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { path: '^(electron/(core|demo|main|serve)|renderer)/' },
    },
    {
      name: 'demo-is-a-server-apart',
      comment:
        'The demo cluster is a simulated PVE server: it shares only shared/ with the client, never its code.',
      severity: 'error',
      from: { path: '^electron/demo/' },
      to: { path: '^(electron/(core|main|preload|serve|host)|renderer)/' },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'shared/ is imported by every part, so it imports nothing of ours outside shared/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer|test|scripts)/' },
    },
    {
      name: 'renderer-talks-through-the-contract',
      comment: 'The renderer reaches main only through the contract in shared/ and its bridge.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/' },
    },
    {
      name: 'features-do-not-import-the-app',
      comment:
        'renderer/src/app composes the features; a feature depends on store, ui, bridge and shared, never on app/.',
      severity: 'error',
      from: { path: '^renderer/src/features/' },
      to: { path: '^renderer/src/app/' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle of runtime imports makes two rooms one; split or invert it. (A type naming its owner is fine.)',
      severity: 'error',
      from: { path: '^(electron|renderer|shared)/' },
      to: {
        circular: true,
        dependencyTypesNot: ['type-only'],
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|out|dist|release|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
