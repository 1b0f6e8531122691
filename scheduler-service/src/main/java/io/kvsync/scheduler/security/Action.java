package io.kvsync.scheduler.security;

/** What an API call does, as far as permissions go. */
public enum Action {
  /** Create and delete pipelines. */
  CREATE_DELETE,
  /**
   * Create and delete destinations and change where they connect (host, port, database, user,
   * password, TLS): they hold database credentials, so only team roles manage them.
   */
  MANAGE_DESTINATIONS,
  /** Edit, pause, resume, run and reposition pipelines and their objects. */
  OPERATE,
  /** Read anything (secrets are always masked). */
  READ,
  /** Create, list and revoke API tokens; reseal secrets with the newest master key. */
  MANAGE_TOKENS
}
