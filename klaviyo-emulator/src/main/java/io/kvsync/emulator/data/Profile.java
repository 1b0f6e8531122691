package io.kvsync.emulator.data;

import java.time.Instant;
import java.util.Map;

/**
 * A profile. {@code location} and {@code properties} are free-form JSON; subscriptions and
 * predictive analytics are derived from the id when asked for.
 */
public record Profile(
    String id,
    String email,
    String phoneNumber,
    String externalId,
    String firstName,
    String lastName,
    String organization,
    String locale,
    String title,
    String image,
    Instant created,
    Instant updated,
    Instant lastEventDate,
    Map<String, Object> location,
    Map<String, Object> properties) {

  public Profile withChanges(
      String newEmail, String newFirstName, Map<String, Object> newProperties, Instant when) {
    return new Profile(
        id,
        newEmail == null ? email : newEmail,
        phoneNumber,
        externalId,
        newFirstName == null ? firstName : newFirstName,
        lastName,
        organization,
        locale,
        title,
        image,
        created,
        when,
        lastEventDate,
        location,
        newProperties == null ? properties : newProperties);
  }
}
