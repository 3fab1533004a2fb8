// electron-vite: main (ESM, dependencies external), preload (CommonJS: sandboxed preloads cannot
// be ES modules; everything bundled but 'electron'), renderer (the settings of
// renderer/vite.config.ts, output out/renderer: the same directory the browser host serves).

import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out', 'main'),
      externalizeDeps: true,
      lib: {
        entry: {
          index: path.join(root, 'electron', 'main', 'index.ts'),
          // Core's thread (electron/host/core-thread) beside index.js.
          'core-thread': path.join(root, 'electron', 'host', 'core-thread', 'entry.ts'),
        },
        formats: ['es'],
      },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out', 'preload'),
      externalizeDeps: false,
      lib: { entry: path.join(root, 'electron', 'preload', 'index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    ...rendererConfig,
    root: path.join(root, 'renderer'),
    build: {
      ...rendererConfig.build,
      outDir: path.join(root, 'out', 'renderer'),
      emptyOutDir: true,
      // electron-vite leaves bundles unminified by default; the renderer ships minified.
      minify: true,
      rollupOptions: {
        ...rendererConfig.build?.rollupOptions,
        input: path.join(root, 'renderer', 'index.html'),
      },
    },
  },
});
