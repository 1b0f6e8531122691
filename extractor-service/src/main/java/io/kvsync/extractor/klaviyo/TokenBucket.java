package io.kvsync.extractor.klaviyo;

/**
 * A token bucket that hands out reservations: a caller takes a token now and is told how long to
 * wait before using it, so concurrent callers queue fairly without polling.
 */
public final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private double capacity;
  private double tokensPerNano;
  private double tokens;
  private long updatedAtNanos;

  /**
   * @param capacity how many requests may go at once after a quiet period (at least 1)
   * @param tokensPerSecond the sustained rate
   */
  public TokenBucket(double capacity, double tokensPerSecond, long nowNanos) {
    if (tokensPerSecond <= 0) {
      throw new IllegalArgumentException("A bucket needs a positive rate, got " + tokensPerSecond);
    }
    this.capacity = Math.max(1.0, capacity);
    this.tokensPerNano = tokensPerSecond / NANOS_PER_SECOND;
    this.tokens = this.capacity;
    this.updatedAtNanos = nowNanos;
  }

  /**
   * Takes one token.
   *
   * @return nanoseconds to wait before the request may go (0 when a token is there now)
   */
  public synchronized long reserve(long nowNanos) {
    refill(nowNanos);
    tokens -= 1.0;
    if (tokens >= 0) {
      return 0;
    }
    return (long) Math.ceil(-tokens / tokensPerNano);
  }

  /** Empties the bucket for a while: Klaviyo said 429, so its window is fuller than ours. */
  public synchronized void drainFor(long nanos, long nowNanos) {
    refill(nowNanos);
    tokens = Math.min(tokens, -nanos * tokensPerNano);
  }

  /**
   * Changes the bucket's size and rate from now on. Growing adds no tokens: a bucket only ever
   * holds what its rate earned it.
   */
  public synchronized void resize(double capacity, double tokensPerSecond, long nowNanos) {
    if (tokensPerSecond <= 0) {
      throw new IllegalArgumentException("A bucket needs a positive rate, got " + tokensPerSecond);
    }
    refill(nowNanos);
    this.capacity = Math.max(1.0, capacity);
    this.tokensPerNano = tokensPerSecond / NANOS_PER_SECOND;
    tokens = Math.min(tokens, this.capacity);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - updatedAtNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
      updatedAtNanos = nowNanos;
    }
  }
}
