/** A Logger that redacts before it forwards, so nothing the HTTP layer logs can carry a secret. */
import { redactSecretPatterns, redactValue } from '../errors/redact.js';
import { silentLogger, type Logger } from '../seams/runtime.js';

export function createRedactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  // Nothing to protect when nothing is written; skipping the work keeps the hot path cheap.
  if (logger === silentLogger) return silentLogger;
  // Pattern redaction runs even when `redact` is a registry without it, so unregistered tokens are masked too.
  const clean = (text: string) => redactSecretPatterns(redact(text));
  const forward =
    (level: keyof Logger) =>
    (message: string, meta?: Record<string, unknown>): void => {
      if (meta === undefined) logger[level](clean(message));
      else logger[level](clean(message), redactValue(meta, clean) as Record<string, unknown>);
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}
