package dev.turnpike.activities.workspace;

import dev.turnpike.activities.store.Db;
import dev.turnpike.activities.store.Ids;
import dev.turnpike.activities.store.Sql;
import jakarta.inject.Singleton;
import java.util.Optional;

/** API tokens, stored as SHA-256 hashes: a secret exists in clear only in its create response. */
@Singleton
public class TokenStore {
  private final Db db;

  public TokenStore(Db db) {
    this.db = db;
  }

  public static String newSecret() {
    return "sk_tp_" + Ids.randomChars(40);
  }

  public ApiToken create(String workspaceId, String name, boolean admin, String secret) {
    String id = Ids.random("tok_");
    long createdAt =
        db.write(
            c ->
                Sql.one(
                        c,
                        "INSERT INTO api_tokens (id, workspace_id, name, token_hash, admin)"
                            + " VALUES (?, ?, ?, ?, ?) RETURNING created_at",
                        rs -> Sql.epoch(rs, "created_at"),
                        id,
                        workspaceId,
                        name,
                        Ids.sha256Hex(secret),
                        admin)
                    .orElseThrow());
    return new ApiToken(id, workspaceId, name, admin, createdAt, secret);
  }

  public Optional<TokenGrant> authenticate(String secret) {
    return byHash(Ids.sha256Hex(secret));
  }

  /** What the token whose secret has this SHA-256 hash ({@link Ids#sha256Hex}) grants. */
  public Optional<TokenGrant> byHash(String tokenHash) {
    return db.read(
        c ->
            Sql.one(
                c,
                "SELECT id, workspace_id, admin FROM api_tokens WHERE token_hash = ?",
                rs -> new TokenGrant(rs.getString("id"), rs.getString("workspace_id"), rs.getBoolean("admin")),
                tokenHash));
  }

  public boolean anyExists() {
    return db.read(c -> Sql.one(c, "SELECT 1 FROM api_tokens LIMIT 1", rs -> true).isPresent());
  }

  public boolean existsWithSecret(String secret) {
    return authenticate(secret).isPresent();
  }
}
