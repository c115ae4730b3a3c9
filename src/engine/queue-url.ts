/**
 * Redis URLs of the queue evaluator: checked before anything connects, and shown without their
 * password. Kept apart from the Redis client so the CLI can check flags without loading it.
 */

/** The URL as it may be shown: a password is replaced by `***`. */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * Checks that `url` is a Redis URL (`redis://[USER:PASSWORD@]HOST[:PORT][/DB]`, or `rediss://`
 * for TLS) and returns it unchanged; throws a message naming the URL otherwise.
 */
export function checkRedisUrl(url: string): string {
  const expected = 'expected redis://HOST:PORT (or rediss:// for TLS, optionally with USER:PASSWORD@ and /DB)';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${displayRedisUrl(url)}" is not a Redis URL; ${expected}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`"${displayRedisUrl(url)}" is not a Redis URL (scheme ${parsed.protocol.replace(/:$/, '')}); ${expected}`);
  }
  if (!parsed.hostname) throw new Error(`"${displayRedisUrl(url)}" names no host; ${expected}`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new Error(`"${displayRedisUrl(url)}": the database after the host must be a number, got "${db}"; ${expected}`);
  return url;
}
