package io.kvsync.common.catalogue;

import java.util.Map;

/**
 * How an object is read from Klaviyo.
 *
 * @param path the collection path; {@code {parent_id}} stands for each parent's id
 * @param resourceType the JSON:API {@code type} of the records
 * @param tier the endpoint's rate-limit tier
 * @param pageSize the {@code page[size]} to send; 0 when the endpoint has no such parameter
 * @param sortField the cursor sort to request, or null when the endpoint cannot sort
 * @param lowerBound the operator for the window's lower end
 * @param upperBounded whether {@code less-than(field, to)} may bound the window
 * @param fixedParams further query parameters sent on every first page (includes, fieldsets)
 * @param derivedFrom the table whose responses carry these records (no calls of its own), or null
 */
public record EndpointPlan(
    String path,
    String resourceType,
    RateTier tier,
    int pageSize,
    String sortField,
    LowerBound lowerBound,
    boolean upperBounded,
    Map<String, String> fixedParams,
    String derivedFrom) {

  public boolean isDerived() {
    return derivedFrom != null;
  }

  public boolean isPerParent() {
    return path != null && path.contains("{parent_id}");
  }
}
