import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/** The renderer's entries: the page, and the first frame's painter (src/prepaint), its own chunk. */
export function rendererInputs(root: string): Record<string, string> {
  return {
    index: path.join(root, 'index.html'),
    prepaint: path.join(root, 'src', 'prepaint', 'main.ts'),
  };
}

/**
 * The painter's script goes into index.html just before the app's bundle: module scripts run in
 * document order, so it paints the first frame before the bundle runs (no inline script: CSP).
 */
export function firstFramePainter(): Plugin {
  return {
    name: 'deckhand-first-frame-painter',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.isEntry && c.name === 'prepaint',
        );
        const main = /<script type="module"[^>]*src="[^"]*index-[^"]*\.js"[^>]*><\/script>/.exec(
          html,
        );
        if (!chunk || !main)
          throw new Error('index.html: the painter or the app bundle is missing');
        // Its imports preloaded with it: fetched one after another they cost a round trip.
        const imports = chunk.type === 'chunk' ? chunk.imports : [];
        const preloads = imports
          .filter((f) => !html.includes(`href="./${f}"`))
          .map((f) => `<link rel="modulepreload" crossorigin href="./${f}">\n    `)
          .join('');
        const tag = `${preloads}<script type="module" crossorigin src="./${chunk.fileName}"></script>\n    `;
        return html.slice(0, main.index) + tag + html.slice(main.index);
      },
    },
  };
}

/** The renderer's build, shared by `npm run build:renderer` and electron.vite.config.ts. */
export const rendererConfig: UserConfig = {
  root: rendererRoot,
  base: './',
  plugins: [react(), firstFramePainter()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: rendererInputs(rendererRoot) },
  },
};

export default defineConfig(rendererConfig);
