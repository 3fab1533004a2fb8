// The packaged app's Electron fuses: electron-builder.yml, read and validated by electron-builder's
// own loader and schema, sets every fuse that keeps the app from running as a Node runtime or
// debugger, and keeps the app in an asar archive.
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface BuilderConfig {
  asar?: boolean | object | null;
  electronFuses?: Record<string, boolean | undefined> | null;
}
interface ConfigModule {
  getConfig(
    projectDir: string,
    configPath: string | null,
    fromOptions: null,
  ): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
}
interface UtilModule {
  DebugLogger: new (enabled?: boolean) => unknown;
}

const require = createRequire(import.meta.url);
const builderConfig = require('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = require('builder-util') as UtilModule;
const root = path.resolve(__dirname, '../..');

describe('electron-builder.yml', () => {
  it('sets every security fuse and keeps asar on', async () => {
    const config = await builderConfig.getConfig(
      root,
      path.join(root, 'electron-builder.yml'),
      null,
    );
    await builderConfig.validateConfiguration(config, new DebugLogger(false));
    expect(config.asar).not.toBe(false);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  }, 60_000); // electron-builder loads slowly on a busy machine
});
