package io.kvsync.scheduler.token;

import io.kvsync.scheduler.security.Role;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A bearer token: only its SHA-256 hash is stored; the secret is shown once, at creation. */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends PanacheEntityBase {

  @Id public UUID id;

  @Column(nullable = false, length = 255)
  public String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Role role;

  @Column(name = "token_hash", nullable = false, unique = true)
  public String tokenHash;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  /** After this instant the token is refused (401); null: it never expires. */
  @Column(name = "expires_at")
  public Instant expiresAt;

  /** When the token last authenticated a call, to the minute (updated at most once a minute). */
  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
