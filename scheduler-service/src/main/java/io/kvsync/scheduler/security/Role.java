package io.kvsync.scheduler.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * The product's roles and what each may do (the table in the scheduler's README). Team roles manage
 * the team's destinations; pipeline roles create and delete pipelines into them.
 */
public enum Role {
  TEAM_ADMINISTRATOR(EnumSet.allOf(Action.class)),
  TEAM_COLLABORATOR(
      EnumSet.of(Action.CREATE_DELETE, Action.MANAGE_DESTINATIONS, Action.OPERATE, Action.READ)),
  PIPELINE_ADMINISTRATOR(EnumSet.of(Action.CREATE_DELETE, Action.OPERATE, Action.READ)),
  PIPELINE_COLLABORATOR(EnumSet.of(Action.OPERATE, Action.READ)),
  OBSERVER(EnumSet.of(Action.READ));

  private final Set<Action> allowed;

  Role(Set<Action> allowed) {
    this.allowed = allowed;
  }

  public boolean may(Action action) {
    return allowed.contains(action);
  }
}
