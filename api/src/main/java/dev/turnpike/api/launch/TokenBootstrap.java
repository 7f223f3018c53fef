package dev.turnpike.api.launch;

import dev.turnpike.activities.workspace.TokenStore;
import dev.turnpike.activities.workspace.Workspace;
import dev.turnpike.activities.workspace.WorkspaceStore;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Makes sure an admin can get in: TURNPIKE_BOOTSTRAP_TOKEN becomes an admin token if it is not
 * one yet; with none configured and no token at all, a new admin token is created and returned,
 * to be printed once.
 */
@Singleton
public class TokenBootstrap {
  private final WorkspaceStore workspaces;
  private final TokenStore tokens;

  public TokenBootstrap(WorkspaceStore workspaces, TokenStore tokens) {
    this.workspaces = workspaces;
    this.tokens = tokens;
  }

  /** Returns the secret of a token created now, which nobody has seen yet. */
  public Optional<String> ensureAdminToken(String bootstrapToken) {
    Workspace home = workspaces.defaultWorkspace();
    if (bootstrapToken != null) {
      if (!tokens.existsWithSecret(bootstrapToken)) {
        tokens.create(home.id(), "bootstrap", true, bootstrapToken);
      }
      return Optional.empty();
    }
    if (tokens.anyExists()) {
      return Optional.empty();
    }
    String secret = TokenStore.newSecret();
    tokens.create(home.id(), "generated admin", true, secret);
    return Optional.of(secret);
  }
}
