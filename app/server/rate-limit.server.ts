/**
 * A small in-memory sliding-window limiter for per-IP limits (one process;
 * ADR 0002 says what changes with several). Per-account sign-in failures are
 * counted in the database instead, so they survive a restart.
 */
export class RateLimiter {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit; false when the key is already over its limit. */
  take(key: string, now = Date.now()) {
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
    return true;
  }

  private prune(now: number) {
    const since = now - this.windowMs;
    for (const [key, times] of this.hits) {
      if (!times.some((t) => t > since)) this.hits.delete(key);
    }
  }
}

const limiters = new Map<string, RateLimiter>();
export function limiter(name: string, limit: number, windowMs: number) {
  let l = limiters.get(name);
  if (!l) limiters.set(name, (l = new RateLimiter(limit, windowMs)));
  return l;
}
