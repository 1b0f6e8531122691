package io.kvsync.extractor.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.catalogue.EndpointPlan;
import io.kvsync.common.catalogue.ObjectCatalogue;
import io.kvsync.common.contract.ReadResume;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A resume continues only on the listings it was made for; otherwise the read starts over. */
class ReadListingsTest {

  private static final EndpointPlan MEMBERSHIPS = ObjectCatalogue.get("profile_list_v2").plan();
  private static final EndpointPlan CAMPAIGNS = ObjectCatalogue.get("campaign_v2").plan();
  private static final CursorProgress NOTHING_SEEN = new CursorProgress(null, null, false, false);

  @Test
  void aResumeFitsTheSameParentsInTheSameOrder() {
    ReadListings listings = ReadListings.of(MEMBERSHIPS, List.of("L1", "L2", "L3"));
    ReadResume resume = listings.resumeAt(2, "https://a.klaviyo.com/next", NOTHING_SEEN);
    assertEquals("L3", resume.parentId());
    assertNull(ReadListings.of(MEMBERSHIPS, List.of("L1", "L2", "L3", "L4")).mismatch(resume));
  }

  @Test
  void aParentRemovedOrInsertedBeforeTheResumeIsAMismatch() {
    ReadResume resume =
        ReadListings.of(MEMBERSHIPS, List.of("L1", "L2", "L3")).resumeAt(2, null, NOTHING_SEEN);
    String removed = ReadListings.of(MEMBERSHIPS, List.of("L1", "L3")).mismatch(resume);
    assertTrue(removed.contains("no longer exists"), removed);
    String shifted = ReadListings.of(MEMBERSHIPS, List.of("L1", "L2", "L4", "L3")).mismatch(resume);
    assertTrue(shifted.contains("parent L4"), shifted);
    String replaced = ReadListings.of(MEMBERSHIPS, List.of("L9", "L2", "L3")).mismatch(resume);
    assertTrue(replaced.contains("parents enumerated before"), replaced);
  }

  @Test
  void theDigestSeparatesIds() {
    ReadListings ab = ReadListings.of(MEMBERSHIPS, List.of("ab", "c", "X"));
    ReadListings a = ReadListings.of(MEMBERSHIPS, List.of("a", "bc", "X"));
    assertNotEquals(ab.parentsDigest(2), a.parentsDigest(2));
    assertEquals(ab.parentsDigest(0), a.parentsDigest(0), "nothing before the first parent");
  }

  @Test
  void listingsWithoutParentsAreIndexedByVariant() {
    ReadListings listings = ReadListings.of(CAMPAIGNS, null);
    assertEquals(CAMPAIGNS.variants().size(), listings.size());
    ReadResume resume = listings.resumeAt(3, "https://a.klaviyo.com/next", NOTHING_SEEN);
    assertNull(resume.parentId());
    assertNull(resume.parentsDigest());
    assertNull(listings.mismatch(resume));
  }

  @Test
  void theResumeCarriesTheCursorProgress() {
    CursorProgress progress = new CursorProgress(null, null, false, true);
    progress.observe(java.time.Instant.parse("2026-01-02T00:00:00Z"));
    progress.observe(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    ReadResume resume = ReadListings.of(CAMPAIGNS, null).resumeAt(0, null, progress);
    assertEquals(java.time.Instant.parse("2026-01-02T00:00:00Z"), resume.maxSeen());
    assertEquals(java.time.Instant.parse("2026-01-01T00:00:00Z"), resume.lastSeen());
    assertEquals(false, resume.inOrder());
  }
}
