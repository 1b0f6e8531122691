package io.kvsync.extractor.objects;

import io.kvsync.common.catalogue.EndpointPlan;
import io.kvsync.common.catalogue.EndpointPlan.ListingVariant;
import io.kvsync.common.contract.ReadResume;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Every listing a read pages through, in enumeration order (parents × variants), and how a resume
 * maps onto them. Parents are enumerated again by each chunk of a chunked read, so a resume names
 * its listing's parent and a digest of the parents before it: if either changed, continuing at the
 * same index could skip parents, so the chunk starts over (re-reading is safe, skipping is not).
 */
final class ReadListings {

  private final List<Listing> listings;
  private final List<String> parentIds;
  private final int variantsPerParent;

  private ReadListings(List<Listing> listings, List<String> parentIds, int variantsPerParent) {
    this.listings = listings;
    this.parentIds = parentIds;
    this.variantsPerParent = variantsPerParent;
  }

  /**
   * @param parentIds the parents in enumeration order, or null for a plan without parents
   */
  static ReadListings of(EndpointPlan plan, List<String> parentIds) {
    List<Listing> listings = new ArrayList<>();
    List<String> parents = parentIds == null ? Collections.singletonList(null) : parentIds;
    for (String parentId : parents) {
      for (ListingVariant variant : plan.variants()) {
        listings.add(new Listing(variant, parentId));
      }
    }
    return new ReadListings(listings, parentIds, plan.variants().size());
  }

  List<Listing> all() {
    return listings;
  }

  int size() {
    return listings.size();
  }

  Listing get(int index) {
    return listings.get(index);
  }

  /** Where the read is: listing {@code index}, next page {@code nextUrl} (null: it is finished). */
  ReadResume resumeAt(int index, String nextUrl, CursorProgress progress) {
    return new ReadResume(
        index,
        listings.get(index).parentId(),
        parentsDigest(index),
        nextUrl,
        progress.maxSeen(),
        progress.lastSeen(),
        progress.arrivedInOrder());
  }

  /**
   * Why {@code resume} cannot continue on these listings, or null when it can: its listing exists,
   * is for the same parent, and the parents before it are the same ones in the same order.
   */
  String mismatch(ReadResume resume) {
    int index = resume.listing();
    if (index < 0 || index >= listings.size()) {
      return "listing " + index + " no longer exists (the read now has " + size() + " listings)";
    }
    String parentId = listings.get(index).parentId();
    if (!Objects.equals(parentId, resume.parentId())) {
      return "listing " + index + " is now for parent " + parentId + ", not " + resume.parentId();
    }
    if (!Objects.equals(parentsDigest(index), resume.parentsDigest())) {
      return "the parents enumerated before listing " + index + " changed";
    }
    return null;
  }

  /**
   * SHA-256 (hex) of the parent ids before listing {@code index}'s parent; null without parents.
   */
  String parentsDigest(int index) {
    if (parentIds == null) {
      return null;
    }
    MessageDigest digest = sha256();
    for (String parentId : parentIds.subList(0, index / variantsPerParent)) {
      digest.update(parentId.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0); // a separator no id contains: ["ab","c"] differs from ["a","bc"]
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
