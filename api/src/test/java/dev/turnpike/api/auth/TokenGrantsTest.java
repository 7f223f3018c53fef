package dev.turnpike.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Sql;
import dev.turnpike.activities.testing.StoreContext;
import dev.turnpike.activities.workspace.ApiToken;
import dev.turnpike.activities.workspace.TokenStore;
import dev.turnpike.activities.workspace.WorkspaceStore;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an API node remembers of valid tokens, against the real token table. */
class TokenGrantsTest {
  private static ApplicationContext context;
  private static TokenStore tokens;

  @BeforeAll
  static void start() {
    context = StoreContext.start();
    tokens = context.getBean(TokenStore.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private static ApiToken newToken() {
    String workspace = context.getBean(WorkspaceStore.class).create("grants", null).id();
    return tokens.create(workspace, "t", false, TokenStore.newSecret());
  }

  private static void deleteRow(ApiToken token) {
    context
        .getBean(Db.class)
        .write(c -> Sql.update(c, "DELETE FROM api_tokens WHERE id = ?", token.id()));
  }

  @Test
  void aValidTokenIsHonouredFromMemoryForTheTimeLimitOnly() {
    AtomicLong now = new AtomicLong();
    TokenGrants grants = new TokenGrants(tokens, Duration.ofSeconds(60), now::get);
    ApiToken token = newToken();
    assertEquals(token.id(), grants.authenticate(token.token()).orElseThrow().tokenId());

    deleteRow(token); // as a revocation would
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertTrue(grants.authenticate(token.token()).isPresent(), "remembered within the limit");
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertTrue(grants.authenticate(token.token()).isEmpty(), "looked up again after it");
  }

  @Test
  void anUnknownTokenIsLookedUpEveryTime() {
    AtomicLong now = new AtomicLong();
    TokenGrants grants = new TokenGrants(tokens, Duration.ofSeconds(60), now::get);
    String secret = TokenStore.newSecret();
    assertTrue(grants.authenticate(secret).isEmpty());
    ApiToken made = tokens.create(newToken().workspaceId(), "later", false, secret);
    assertEquals(made.id(), grants.authenticate(secret).orElseThrow().tokenId(), "valid at once");
  }
}
