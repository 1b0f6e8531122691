package io.kvsync.scheduler.destination;

import io.kvsync.common.secret.SecretCipher;
import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.CurrentCaller;
import io.kvsync.scheduler.security.Permits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/destinations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DestinationResource {

  @Inject DestinationService destinations;
  @Inject DestinationProbe probe;
  @Inject SecretCipher cipher;
  @Inject CurrentCaller caller;

  @POST
  @Permits(Action.MANAGE_DESTINATIONS)
  public Uni<Response> create(DestinationRequest request) {
    return destinations
        .create(request)
        .map(
            d ->
                Response.created(URI.create("/api/v1/destinations/" + d.id))
                    .entity(DestinationView.of(d))
                    .build());
  }

  /** Tries the connection a destination would use, without storing it. */
  @POST
  @Path("/test")
  @org.eclipse.microprofile.openapi.annotations.Operation(
      summary = "Test a destination's connection",
      description =
          "422 names the host rule (KVSYNC_DESTINATION_ALLOWED_NETWORKS) or one category:"
              + " authentication failed, host unreachable, timeout, TLS required, TLS not offered,"
              + " certificate not trusted, database or schema missing, permission denied,"
              + " connection failed")
  @Permits(Action.MANAGE_DESTINATIONS)
  public Uni<Map<String, Boolean>> test(DestinationRequest request) {
    Destination unsaved = destinations.unsaved(request);
    return probe.check(unsaved.spec(cipher)).replaceWith(Map.of("ok", true));
  }

  @GET
  @Permits(Action.READ)
  public Uni<List<DestinationView>> list() {
    return destinations.list().map(all -> all.stream().map(DestinationView::of).toList());
  }

  @GET
  @Path("/{id}")
  @Permits(Action.READ)
  public Uni<DestinationView> get(@PathParam("id") UUID id) {
    return destinations.find(id).map(DestinationView::of);
  }

  /**
   * Renaming or moving the tables needs OPERATE; changing how the destination connects (host, port,
   * database, user, password, ssl_mode, ca_certificate) needs MANAGE_DESTINATIONS, since it decides
   * where the replicated personal data goes.
   */
  @PATCH
  @Path("/{id}")
  @Permits(Action.OPERATE)
  public Uni<DestinationView> update(@PathParam("id") UUID id, DestinationRequest request) {
    if (request != null
        && request.changesConnection()
        && !caller.get().role().may(Action.MANAGE_DESTINATIONS)) {
      throw ApiProblem.forbidden(
          "Role "
              + caller.get().role()
              + " may not manage destinations: changing host, port, database, user, password,"
              + " ssl_mode or ca_certificate needs Team Administrator or Team Collaborator");
    }
    return destinations.update(id, request).map(DestinationView::of);
  }

  @DELETE
  @Path("/{id}")
  @Permits(Action.MANAGE_DESTINATIONS)
  public Uni<Response> delete(@PathParam("id") UUID id) {
    return destinations.delete(id).replaceWith(Response.noContent().build());
  }
}
