// Core's thread as the app loads it: its entry (electron/host/core-thread/entry.ts) bundled into
// one ES module with its packages left external but for those the app bundles (BUNDLED_DEPS), as
// electron-vite builds out/main/core-thread.js.
// Benches that time a start use it: under tsx the thread compiles core's TypeScript as it loads,
// which the app never does. Written under out/bench so that its packages resolve from the
// checkout's node_modules; the demo server, imported when a demo starts, is a chunk of its own.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { WorkerScript } from '../../electron/host/core-thread/threads';
import { BUNDLED_DEPS } from '../../electron.vite.config';

const root = path.resolve(import.meta.dirname, '../..');

export async function bundledCoreThreadScript(): Promise<WorkerScript> {
  const outdir = path.join(root, 'out', 'bench', 'core-thread');
  // Each build names its chunks anew: the last build's are removed, not kept beside them.
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { 'core-thread': path.join(root, 'electron', 'host', 'core-thread', 'entry.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    // What is imported dynamically (the demo server) is its own chunk, as rollup makes it.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [
      {
        name: 'external-but-bundled-deps',
        setup(b) {
          const bundled = new Set<string>(BUNDLED_DEPS);
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            const name = args.path.startsWith('@')
              ? args.path.split('/').slice(0, 2).join('/')
              : args.path.split('/')[0]!;
            return bundled.has(name) ? undefined : { path: args.path, external: true };
          });
        },
      },
    ],
    // What a bundled package requires lazily is required when it runs, as electron-vite's shim does.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return { url: pathToFileURL(path.join(outdir, 'core-thread.mjs')) };
}
