package io.kvsync.scheduler.destination;

import io.kvsync.scheduler.security.Action;
import io.kvsync.scheduler.security.Permits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

@Path("/api/v1/destinations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DestinationResource {

  @Inject DestinationService destinations;

  @POST
  @Permits(Action.CREATE_DELETE)
  public Uni<Response> create(DestinationRequest request) {
    return destinations
        .create(request)
        .map(
            d ->
                Response.created(URI.create("/api/v1/destinations/" + d.id))
                    .entity(DestinationView.of(d))
                    .build());
  }

  @GET
  @Path("/{id}")
  @Permits(Action.READ)
  public Uni<DestinationView> get(@PathParam("id") UUID id) {
    return destinations.find(id).map(DestinationView::of);
  }
}
