package io.kvsync.common.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvsync.common.catalogue.EndpointPlan.ListingVariant;
import io.kvsync.common.catalogue.EndpointPlan.RecordSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ObjectCatalogueTest {

  private static final Set<String> INCREMENTAL =
      Set.of(
          "profile_v2",
          "event_v2",
          "list_v2",
          "segment_v2",
          "profile_list_v2",
          "profile_segment_v2",
          "flow_v2",
          "flow_action_v2",
          "flow_messages_v2");

  @Test
  void holdsTheEighteenTablesWithTheDocumentedModes() {
    List<ObjectDefinition> all = ObjectCatalogue.all();
    assertEquals(18, all.size());
    for (ObjectDefinition object : all) {
      SyncMode expected =
          INCREMENTAL.contains(object.table()) ? SyncMode.INCREMENTAL : SyncMode.FULL_LOAD;
      assertEquals(expected, object.mode(), object.table());
      assertFalse(object.primaryKey().isEmpty(), object.table());
    }
  }

  @Test
  void incrementalObjectsHaveACursorTheEndpointCanFilterOn() {
    for (ObjectDefinition object : ObjectCatalogue.all()) {
      if (object.mode() == SyncMode.INCREMENTAL) {
        assertNotNull(object.cursorField(), object.table());
        assertTrue(object.plan().lowerBound() != LowerBound.NONE, object.table());
        assertEquals(object.cursorField(), object.plan().sortField(), object.table());
      } else {
        assertNull(object.cursorField(), object.table());
      }
    }
  }

  @Test
  void perParentPlansNameAParentThatIsInTheCatalogue() {
    for (ObjectDefinition object : ObjectCatalogue.all()) {
      EndpointPlan plan = object.plan();
      if (plan.path() != null) {
        assertEquals(plan.path().contains("{parent_id}"), plan.isPerParent(), object.table());
      }
      if (plan.isPerParent()) {
        assertEquals(object.parentTable(), plan.parent().table(), object.table());
        assertTrue(ObjectCatalogue.find(plan.parent().table()).isPresent(), object.table());
      }
    }
  }

  @Test
  void campaignsAreListedPerChannelArchivedAndNot() {
    List<ListingVariant> listings = ObjectCatalogue.get("campaign_v2").plan().variants();
    assertEquals(6, listings.size());
    Set<String> channels =
        listings.stream().map(l -> l.context().get("channel")).collect(Collectors.toSet());
    assertEquals(Set.of("email", "sms", "mobile_push"), channels);
    assertTrue(listings.stream().anyMatch(l -> l.filters().contains("equals(archived,true)")));
    assertTrue(listings.stream().anyMatch(l -> l.filters().contains("equals(archived,false)")));
  }

  @Test
  void flowsAreListedArchivedAndNot() {
    assertEquals(2, ObjectCatalogue.get("flow_v2").plan().variants().size());
  }

  @Test
  void campaignChildrenRideOnTheCampaignCalls() {
    Set<String> derived =
        ObjectCatalogue.derivedFrom("campaign_v2").stream()
            .map(ObjectDefinition::table)
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "campaign_utm_param_v2",
            "audience_included_v2",
            "audience_excluded_v2",
            "campaign_messages_v2",
            "campaign_message_send_time_v2"),
        derived);
    for (String table : derived) {
      ObjectDefinition object = ObjectCatalogue.get(table);
      assertFalse(object.hasOwnReads(), table);
      assertEquals(RecordSource.DERIVED, object.plan().records(), table);
    }
  }

  @Test
  void membershipsAreKeyedByParentAndProfileAndResyncWeekly() {
    for (String table : List.of("profile_list_v2", "profile_segment_v2")) {
      ObjectDefinition object = ObjectCatalogue.get(table);
      assertTrue(object.weeklyFullResync(), table);
      assertEquals("joined_group_at", object.cursorField());
      assertEquals(object.plan().parent().relationship() + "_id", object.primaryKey().get(0));
    }
  }

  @Test
  void unknownTablesAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ObjectCatalogue.get("nope_v2"));
    assertTrue(e.getMessage().contains("metric_v2"), e.getMessage());
  }
}
