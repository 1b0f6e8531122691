package io.kvsync.scheduler.security;

import io.kvsync.scheduler.rest.ApiProblem;
import io.kvsync.scheduler.rest.ProblemResponses;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every API call carries {@code Authorization: Bearer <token>} whose role permits the call. */
public class BearerTokenFilter {

  private static final String SCHEME = "Bearer ";

  @Inject TokenAuthenticator authenticator;
  @Inject CurrentCaller currentCaller;

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
    Permits permits = resource.getResourceMethod().getAnnotation(Permits.class);
    if (permits == null) {
      // Every endpoint must declare its action; one that forgot is refused, not opened.
      return Uni.createFrom()
          .item(refusal(ApiProblem.forbidden("This endpoint declares no permission")));
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Uni.createFrom()
          .item(refusal(ApiProblem.unauthorized("Send Authorization: Bearer <token>")));
    }
    String token = header.substring(SCHEME.length()).trim();
    return authenticator
        .resolve(token)
        .map(
            caller -> {
              if (caller.isEmpty()) {
                return refusal(ApiProblem.unauthorized("The bearer token is not valid"));
              }
              if (!caller.get().role().may(permits.value())) {
                return refusal(
                    ApiProblem.forbidden(
                        "Role "
                            + caller.get().role()
                            + " may not "
                            + permits.value().name().toLowerCase().replace('_', ' ')));
              }
              currentCaller.set(caller.get());
              return (Response) null;
            })
        .onFailure(ApiProblem.class)
        .recoverWithItem(failure -> refusal((ApiProblem) failure));
  }

  private static Response refusal(ApiProblem problem) {
    return ProblemResponses.of(problem.toProblemDetail());
  }
}
