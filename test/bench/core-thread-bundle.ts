// Core's thread as the app loads it: its entry (electron/host/core-thread/entry.ts) bundled into
// one ES module with its packages left external, as electron-vite builds out/main/core-thread.js.
// Benches that time a start use it: under tsx the thread compiles core's TypeScript as it loads,
// which the app never does. Written under out/bench so that its packages resolve from the
// checkout's node_modules; the demo server, imported when a demo starts, is a chunk of its own.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { WorkerScript } from '../../electron/host/core-thread/threads';

const root = path.resolve(import.meta.dirname, '../..');

export async function bundledCoreThreadScript(): Promise<WorkerScript> {
  const outdir = path.join(root, 'out', 'bench', 'core-thread');
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
    packages: 'external',
    logLevel: 'silent',
  });
  return { url: pathToFileURL(path.join(outdir, 'core-thread.mjs')) };
}
