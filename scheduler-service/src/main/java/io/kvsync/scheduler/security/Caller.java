package io.kvsync.scheduler.security;

import java.util.UUID;

/**
 * Who is calling: the token's name and role.
 *
 * @param tokenId null for the configured administrator token
 */
public record Caller(UUID tokenId, String name, Role role) {

  public static final String CONFIGURED_ADMIN = "configured-admin-token";
}
