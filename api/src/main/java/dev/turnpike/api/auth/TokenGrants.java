package dev.turnpike.api.auth;

import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.workspace.TokenGrant;
import dev.turnpike.activities.workspace.TokenStore;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Valid tokens' grants, remembered by this API node (under the token's hash, never the secret)
 * for {@code turnpike.auth.grant-cache-ttl} (default 60 s), so that a request does not spend a
 * database transaction, and under load a wait for a pooled connection, on its bearer token.
 * Only valid tokens are remembered: an unknown token is looked up every time, so a token made on
 * another node works at once. A grant never changes (tokens cannot be changed or revoked in this
 * version); the time limit bounds how long a node would honour a token a future revocation removed.
 */
@Singleton
public class TokenGrants {
  /** Beyond this many remembered tokens the memory is cleared and refilled by use. */
  static final int MAX_REMEMBERED = 10_000;

  private record Remembered(TokenGrant grant, long untilNanos) {}

  private final TokenStore tokens;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  public TokenGrants(
      TokenStore tokens, @Value("${turnpike.auth.grant-cache-ttl:60s}") Duration ttl) {
    this(tokens, ttl, System::nanoTime);
  }

  TokenGrants(TokenStore tokens, Duration ttl, LongSupplier clock) {
    this.tokens = tokens;
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  /** The grant of a valid secret, from memory if this node saw it within the time limit. */
  public Optional<TokenGrant> authenticate(String secret) {
    String key = Ids.sha256Hex(secret);
    Remembered r = remembered.get(key);
    long now = clock.getAsLong();
    if (r != null && now - r.untilNanos() < 0) {
      return Optional.of(r.grant());
    }
    Optional<TokenGrant> grant = tokens.byHash(key);
    if (grant.isPresent()) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(key, new Remembered(grant.get(), now + ttlNanos));
    } else if (r != null) {
      remembered.remove(key);
    }
    return grant;
  }
}
