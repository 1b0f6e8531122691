package io.kvsync.scheduler.security;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, for the activity log. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  /** The caller's name, or {@code system} outside a request. */
  public String name() {
    return caller == null ? "system" : caller.name();
  }

  public Caller get() {
    return caller;
  }
}
