// Public surface of the core: what hosts (Electron main, browser host), tests and benches use.

export { createCore, DEMO_PROFILE_NAME } from './rpc/index';
export type {
  ClientConnection,
  ClientSink,
  Core,
  CoreDeps,
  DemoPort,
  DemoSpec,
  LogLevel,
  Logger,
  StartDemo,
} from './rpc/index';
export { FileLog, isLogLevel, LOG_LEVELS } from './log/file-log';
export type { FileLogOptions } from './log/file-log';
export { redact } from './log/redact';
export { ProfileSession } from './session/profile-session';
export type { ProfileSessionOptions, SessionListeners } from './session/profile-session';
export { diffResources, diffResource } from './session/diff';
export type { ResourceDiff } from './session/diff';
export { InProcessPipeline, type ResourcePipeline } from './session/resource-pipeline';
export { MemorySecretStore, MemorySettingsStore } from './store/memory';
export { JsonFileSettingsStore } from './store/json-file';
export { EncryptedSecretStore } from './store/encrypted-secrets';
export type { SecretCipher } from './store/encrypted-secrets';
export { FileCacheStore } from './cache/file-cache-store';
export { MemoryCacheStore } from './cache/memory-cache-store';
export type { CacheStore } from './cache/ports';
export { passwordKey, tokenKey } from './store/secret-keys';
export type { SecretStore, SettingsStore } from './store/ports';
export { storedProfileSchema, toProfileInfo } from './store/profile-schema';
export type { StoredProfile } from './store/profile-schema';
export { PveClient } from './pve/client';
export type { PveClientOptions, LoginInfo } from './pve/client';
export { probeCertificate, normalizeFingerprint } from './pve/tls';
export { normalizeServerUrl } from '../../shared/server-url';
export type { PveEndpoint } from '../../shared/server-url';
