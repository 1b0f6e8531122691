package io.kvsync.common.catalogue;

import java.util.List;
import java.util.Map;

/**
 * How an object is read from Klaviyo: the data a generic engine needs to page through it.
 *
 * @param path the collection path; {@code {parent_id}} stands for each parent's id; null for tables
 *     derived from another table's responses (no calls of their own)
 * @param resourceType the JSON:API {@code type} of the resources the path returns in {@code data}
 * @param tier the endpoint's rate-limit tier
 * @param response whether the path answers a paged collection or one resource
 * @param pageSize the {@code page[size]} to send; 0 when the endpoint has no such parameter
 * @param sortField the cursor sort to request, or null when the endpoint cannot sort
 * @param lowerBound the operator the endpoint allows on the cursor field's lower end
 * @param upperBounded whether {@code less-than(field, to)} may bound the window
 * @param fixedParams further query parameters sent on every first page (includes, fieldsets)
 * @param variants the listings that together cover the object (e.g. one per campaign channel and
 *     archived state); a single unfiltered listing when the endpoint needs no split
 * @param parent the parents whose ids fill {@code {parent_id}}, or null
 * @param records where the records of this table come from
 * @param derivedFrom the table whose responses carry these records (no calls of their own), or null
 */
public record EndpointPlan(
    String path,
    String resourceType,
    RateTier tier,
    Response response,
    int pageSize,
    String sortField,
    LowerBound lowerBound,
    boolean upperBounded,
    Map<String, String> fixedParams,
    List<ListingVariant> variants,
    ParentSource parent,
    RecordSource records,
    String derivedFrom) {

  /** The shape of a path's answer. */
  public enum Response {
    /** A JSON:API collection paged through {@code links.next}. */
    COLLECTION,
    /** One resource; a 404 means the parent has none (not an error). */
    OPTIONAL_SINGLE
  }

  /** Where a table's records come from. */
  public enum RecordSource {
    /** The {@code data} resources as Klaviyo returns them (plus the listing's context). */
    RESOURCES,
    /** Built by the extractor's derivation for this table from the responses it reads. */
    DERIVED
  }

  /**
   * One listing of a split endpoint.
   *
   * @param filters filter terms sent with this listing, e.g. {@code equals(archived,true)}
   * @param context attributes the API does not return but the listing implies (e.g. a campaign's
   *     {@code channel}), added to every record it yields
   */
  public record ListingVariant(List<String> filters, Map<String, String> context) {

    public static final ListingVariant WHOLE = new ListingVariant(List.of(), Map.of());
  }

  /**
   * The parents a per-parent endpoint is read for.
   *
   * @param table the parent table, read whole (every variant, no window) to enumerate its ids when
   *     the command names none
   * @param relationship the to-one relationship added to each record, pointing at its parent (e.g.
   *     {@code list} gives the loader a {@code list_id} column)
   * @param definitionTypes when not empty, only parents whose {@code attributes.definition.type} is
   *     one of these are read (e.g. flow actions that send messages)
   */
  public record ParentSource(String table, String relationship, List<String> definitionTypes) {}

  public boolean isDerived() {
    return derivedFrom != null;
  }

  public boolean isPerParent() {
    return parent != null;
  }
}
