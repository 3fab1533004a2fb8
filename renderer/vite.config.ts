import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import path from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

const PAINTER = path.join(rendererRoot, 'src', 'prepaint', 'main.ts');

/**
 * The first frame (src/prepaint) paints with nothing fetched: the painter, bundled on its own, is
 * an inline script at the end of the body (after the frame's data block, which the hosts put at
 * its start), allowed by its hash in the CSP (csp.ts reads it back for the hosts' headers); the
 * page's one stylesheet, Mantine's variables (the tag chips' colours), is inlined in the head.
 * Fetched, each cost a round trip while the host's process was busy starting core.
 */
export function firstFramePainter(): Plugin {
  return {
    name: 'deckhand-first-frame-painter',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        const painted = await build({
          entryPoints: [PAINTER],
          bundle: true,
          format: 'iife',
          minify: true,
          target: 'chrome130',
          write: false,
          logLevel: 'silent',
        });
        const code = painted.outputFiles[0]!.text.trim().replace(/<\/script/gi, '<\\/script');
        const hash = `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
        const csp = /(http-equiv="Content-Security-Policy"\s+content="[^"]*script-src 'self')/.exec(
          html,
        );
        const link = /<link rel="stylesheet"[^>]*href="\.\/(assets\/index-[^"]+\.css)"[^>]*>/.exec(
          html,
        );
        const css = link && ctx.bundle?.[link[1]!];
        if (!csp || !link || !css || css.type !== 'asset' || !html.includes('</body>'))
          throw new Error('index.html: no CSP script-src, page stylesheet or body to inline into');
        const sheet =
          typeof css.source === 'string' ? css.source : new TextDecoder().decode(css.source);
        // Function replacements: the code and the sheet may hold `$&` and the like.
        return html
          .replace(csp[1]!, () => `${csp[1]!} ${hash}`)
          .replace(link[0], () => `<style>${sheet.replace(/<\/style/gi, '<\\/style')}</style>`)
          .replace('</body>', () => `  <script>${code}</script>\n  </body>`);
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
  },
};

export default defineConfig(rendererConfig);
