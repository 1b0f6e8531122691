package io.kvsync.emulator.api;

import io.kvsync.emulator.api.paging.Pager;
import io.kvsync.emulator.api.paging.SortOrder;
import io.kvsync.emulator.api.resources.AccountKind;
import io.kvsync.emulator.api.resources.MetricKind;
import io.kvsync.emulator.data.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every implemented GET endpoint, by the spec's path template. */
public final class ApiEndpoints {

  private static final SortOrder<Metric> METRICS_BY_ID =
      new SortOrder<>(Metric::id, Metric::id, false);

  private ApiEndpoints() {}

  public static Map<String, EndpointHandler> all() {
    Map<String, EndpointHandler> handlers = new LinkedHashMap<>();
    handlers.put(
        "/api/accounts",
        call -> call.collection(AccountKind.INSTANCE, List.of(call.data().account())));
    handlers.put(
        "/api/metrics",
        call ->
            call.collection(
                MetricKind.INSTANCE,
                Pager.page(
                    call.data().metrics().rows(),
                    call.query().filter().compile(MetricKind::filterValue),
                    METRICS_BY_ID,
                    call.query().cursor(),
                    call.query().pageSize())));
    handlers.put(
        "/api/metrics/{id}",
        call ->
            call.single(
                MetricKind.INSTANCE,
                call.data()
                    .metrics()
                    .find(call.pathParam("id"))
                    .orElseThrow(() -> notFound("metric", call.pathParam("id")))));
    return handlers;
  }

  static ApiError notFound(String type, String id) {
    return ApiError.notFound("A " + type + " with id " + id + " does not exist.");
  }
}
