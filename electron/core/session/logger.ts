// The log port of core: the host decides where lines go (console, file). Never given a secret.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;
