package io.kvsync.extractor.objects;

import io.kvsync.common.catalogue.EndpointPlan;
import io.kvsync.common.catalogue.LowerBound;
import io.kvsync.common.contract.CursorWindow;
import io.kvsync.extractor.klaviyo.FilterExpression;
import io.kvsync.extractor.klaviyo.RequestUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The first request of a listing: the plan's parameters, the listing's filters, the window. */
final class ListingRequests {

  private ListingRequests() {}

  /**
   * The window as filter terms: inclusive at the lower end where the endpoint allows it, else read
   * from {@code overlap} earlier (same-second records are never lost); bounded above where allowed.
   */
  static List<String> windowTerms(
      EndpointPlan plan, String cursorField, CursorWindow window, Duration overlap) {
    List<String> terms = new ArrayList<>();
    if (window == null || plan.lowerBound() == LowerBound.NONE) {
      return terms;
    }
    if (window.from() != null) {
      Instant from =
          plan.lowerBound() == LowerBound.GREATER_THAN
              ? window.from().minus(overlap)
              : window.from();
      terms.add(FilterExpression.term(plan.lowerBound().operator(), cursorField, from));
    }
    if (window.to() != null && plan.upperBounded()) {
      terms.add(FilterExpression.term("less-than", cursorField, window.to()));
    }
    return terms;
  }

  static String firstUrl(
      String baseUrl, EndpointPlan plan, Listing listing, List<String> windowTerms) {
    List<String> terms = new ArrayList<>(listing.variant().filters());
    terms.addAll(windowTerms);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("filter", FilterExpression.allOf(terms));
    params.put("sort", plan.sortField());
    params.put("page[size]", plan.pageSize() > 0 ? Integer.toString(plan.pageSize()) : null);
    params.putAll(plan.fixedParams());
    String path =
        listing.parentId() == null
            ? plan.path()
            : RequestUrl.withParent(plan.path(), listing.parentId());
    return RequestUrl.of(baseUrl, path, params);
  }
}
