// The part of core's public surface that stays on the UI thread when core runs on its own thread
// (electron/host/core-thread): the settings and secret stores, and the application log. A host
// imports these from here rather than from index.ts, so that its own thread does not load all of
// core (sessions, the PVE client, the pipeline) only to start it again on the core thread: under
// tsx that cost `npm run serve` about half a second of its start.

export { FileLog, isLogLevel, LOG_LEVELS } from './log/file-log';
export type { FileLogOptions } from './log/file-log';
export { redact } from './log/redact';
export type { LogLevel, Logger } from './session/logger';
export { MemorySecretStore, MemorySettingsStore } from './store/memory';
export { JsonFileSettingsStore } from './store/json-file';
export { EncryptedSecretStore } from './store/encrypted-secrets';
export type { SecretCipher } from './store/encrypted-secrets';
export type { SecretStore, SettingsStore } from './store/ports';
export { storedProfileSchema, toProfileInfo } from './store/profile-schema';
export type { StoredProfile } from './store/profile-schema';
export { readEarlyFirstFrame } from './first-frame/early';
export type { EarlyFirstFrameOptions } from './first-frame/early';
