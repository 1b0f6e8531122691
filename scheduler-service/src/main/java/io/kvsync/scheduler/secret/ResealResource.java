package io.kvsync.scheduler.secret;

import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.CurrentCaller;
import io.kvsync.scheduler.security.Permits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/v1/admin/reseal}: after a new key is put first in {@code KVSYNC_MASTER_KEYS},
 * re-seals every secret at rest with it, so that the older keys can leave the ring.
 */
@Path("/api/v1/admin/reseal")
@Produces(MediaType.APPLICATION_JSON)
public class ResealResource {

  @Inject SecretReseal reseal;
  @Inject CurrentCaller caller;

  @POST
  @Permits(Action.MANAGE_TOKENS)
  public Uni<SecretReseal.Outcome> reseal() {
    return reseal.resealAll(caller.name());
  }
}
