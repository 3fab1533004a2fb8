// electron-vite: main (ESM, dependencies external but for BUNDLED_DEPS), preload (CommonJS:
// sandboxed preloads cannot be ES modules; everything bundled but 'electron'), renderer (the
// settings of renderer/vite.config.ts, output out/renderer: the same directory the browser host
// serves).

import path from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';

const root = import.meta.dirname;

/** The dependencies bundled into main's and core's thread's modules (test/bench bundles the same). */
export const BUNDLED_DEPS = ['undici', 'ws', 'zod'] as const;

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out', 'main'),
      // Packages stay external, but for the pure-JavaScript ones core's thread loads as it starts:
      // bundled, they spare Node resolving and loading their hundreds of files (in the asar, too).
      // Measured: the built thread's modules evaluate in 86-94 ms instead of 192-216 ms, and the
      // app's own tree came about 180 ms sooner on a cold start (BENCHMARKS.md, issue 11 pass 6).
      externalizeDeps: { exclude: [...BUNDLED_DEPS] },
      // Lazy requires in a try stay requires (electron-vite's ESM shim defines `require`): hoisted,
      // undici's probe for node:sqlite became an import that fails to link where Node lacks it,
      // and ws's optional bufferutil and utf-8-validate became empty stubs that broke every
      // console (the end-to-end consoles' tests fail so).
      commonjsOptions: { ignore: ['node:sqlite', 'bufferutil', 'utf-8-validate'] },
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
