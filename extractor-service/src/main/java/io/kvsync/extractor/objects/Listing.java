package io.kvsync.extractor.objects;

import io.kvsync.common.catalogue.EndpointPlan.ListingVariant;

/**
 * One concrete listing a slice pages through: a variant of the endpoint, for one parent or none.
 *
 * @param parentId the id filling {@code {parent_id}}, or null
 */
record Listing(ListingVariant variant, String parentId) {}
