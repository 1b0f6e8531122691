package io.kvsync.scheduler.security;

/** What an API call does, as far as permissions go. */
public enum Action {
  /** Create and delete pipelines and destinations. */
  CREATE_DELETE,
  /** Edit, pause, resume, run and reposition pipelines and their objects. */
  OPERATE,
  /** Read anything (secrets are always masked). */
  READ,
  /** Create, list and revoke API tokens. */
  MANAGE_TOKENS,
  /** Change where a destination connects: host, port, database, user, password, TLS settings. */
  MANAGE_DESTINATIONS
}
