// `npm run serve`: the renderer in any local browser, bound to a core on a worker of this process.
// Secrets are kept in memory only: plain Node has no OS keychain to protect a key with, and a
// key stored beside the data would only pretend to encrypt. Profiles other than the demo ask for
// their password or token secret again after a restart.

import { mkdirSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  FileLog,
  isLogLevel,
  JsonFileSettingsStore,
  EncryptedSecretStore,
  MemorySecretStore,
  MemorySettingsStore,
  redact,
  type Logger,
  type LogLevel,
  type SettingsStore,
} from '../core/ui-thread';
import { CoreWorker, sourceCoreThreadScript } from '../host/core-thread/core-worker';
import { startBrowserHost, type BrowserHost } from './host';
import { KeyFileCipher } from './key-file-cipher';

const USAGE = `Usage: npm run serve -- [options]

Serves Deckhand to a browser on this machine (127.0.0.1 only).

Options:
  --port <n>          TCP port (default: any free port)
  --data-dir <dir>    where profiles are kept (default: ${defaultDataDir()})
  --ephemeral         keep profiles in memory only, and write no log file
  --static-dir <dir>  the built renderer (default: out/renderer)
  -h, --help          show this text

The application log (what the host did and what went wrong, never a secret) is in
<data-dir>/logs/deckhand.log (default: ${path.join(defaultDataDir(), 'logs', 'deckhand.log')}),
rotated at 1 MiB, three files kept. DECKHAND_LOG_LEVEL=debug|info|warn|error sets its level.`;

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') {
    return path.join(
      process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'),
      'deckhand-serve',
    );
  }
  if (process.platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', 'deckhand-serve');
  }
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'deckhand-serve');
}

function appVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const version = (pkg as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parseOptions(): {
  port: number;
  dataDir: string | undefined;
  staticDir: string;
} {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        ephemeral: { type: 'boolean', default: false },
        'static-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be a number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  }
  if (values.ephemeral && values['data-dir'] !== undefined) {
    fail('--ephemeral and --data-dir exclude each other');
  }
  return {
    port,
    dataDir: values.ephemeral ? undefined : path.resolve(values['data-dir'] ?? defaultDataDir()),
    staticDir: path.resolve(values['static-dir'] ?? path.join(repoRoot, 'out', 'renderer')),
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!existsSync(path.join(options.staticDir, 'index.html'))) {
    fail(`No built renderer in ${options.staticDir}. Run \`npm run build:renderer\` first.`);
  }

  let settings: SettingsStore;
  if (options.dataDir === undefined) {
    settings = new MemorySettingsStore();
  } else {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    settings = new JsonFileSettingsStore(path.join(options.dataDir, 'settings.json'));
  }

  // The application log in the data directory; with --ephemeral nothing is written, and warnings
  // and errors go to stderr instead (redacted all the same).
  const fileLog =
    options.dataDir === undefined
      ? undefined
      : new FileLog({
          dir: path.join(options.dataDir, 'logs'),
          level: logLevel(),
          onError: (err) =>
            process.stderr.write(
              `Cannot write the log in ${options.dataDir}: ${errorMessage(err)}\n`,
            ),
        });
  const log: Logger = fileLog?.log ?? stderrLog;
  log(
    'info',
    `Deckhand ${appVersion()} browser host started (Node ${process.version}, ${process.platform})`,
  );

  // Core runs on its own thread: the sessions' refresh work never holds up this event loop.
  let core: CoreWorker;
  try {
    core = await CoreWorker.start({
      script: sourceCoreThreadScript(),
      settings,
      // Kept in memory unless the user chooses to store them (encrypted with a key file beside).
      secrets:
        options.dataDir === undefined
          ? new MemorySecretStore()
          : new EncryptedSecretStore({
              file: path.join(options.dataDir, 'secrets.json'),
              cipher: new KeyFileCipher(path.join(options.dataDir, 'secrets.key')),
            }),
      log,
      data: {
        host: 'browser',
        appVersion: appVersion(),
        // A 3-node PVE 9 cluster and a standalone PVE 8 node, each its own profile.
        demos: 'built-in',
        // Each profile's last known state, painted at once on the next start (never a secret).
        ...(options.dataDir !== undefined ? { cacheDir: path.join(options.dataDir, 'cache') } : {}),
      },
    });
  } catch (err) {
    await fileLog?.dispose();
    throw err;
  }

  let host: BrowserHost;
  try {
    host = await startBrowserHost({ core, port: options.port, staticDir: options.staticDir });
  } catch (err) {
    await core.dispose();
    await fileLog?.dispose();
    throw err;
  }

  process.stdout.write(
    [
      'Deckhand is being served on this machine only.',
      `  Open: ${host.url}`,
      `  Profiles: ${options.dataDir ?? 'in memory (--ephemeral)'}`,
      `  Log: ${fileLog?.path ?? 'none written (--ephemeral); warnings go to stderr'}`,
      options.dataDir === undefined
        ? '  Secrets are kept in memory: after a restart, profiles other than the demo need\n  their password or token secret again.'
        : '  Secrets are kept in memory unless you choose to store them (encrypted, with the\n  key in the data directory); otherwise profiles need them again after a restart.',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without cleaning up.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write('Stopping…\n');
    void (async () => {
      let code = 0;
      try {
        await host.close();
        await core.dispose();
        await fileLog?.dispose();
      } catch (err) {
        process.stderr.write(`Error while stopping: ${errorMessage(err)}\n`);
        code = 1;
      }
      process.exit(code);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** DECKHAND_LOG_LEVEL=debug for more detail; info by default. */
function logLevel(): LogLevel {
  const wanted = process.env.DECKHAND_LOG_LEVEL ?? '';
  return isLogLevel(wanted) ? wanted : 'info';
}

/** Without a log file (--ephemeral): warnings and errors on stderr, redacted like the file. */
const stderrLog: Logger = (level, message) => {
  if (level === 'warn' || level === 'error') process.stderr.write(`${level}: ${redact(message)}\n`);
};

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

main().catch((err: unknown) => {
  process.stderr.write(`deckhand serve: ${errorMessage(err)}\n`);
  process.exit(1);
});
