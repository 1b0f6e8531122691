package io.kvsync.common.secret;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where a sealed value belongs: its additional authenticated data, so that a value sealed for one
 * row, column or message does not open anywhere else.
 *
 * @param name e.g. {@code destinations/<id>/password}
 */
public record SealedPlace(String name) {

  /** A destination's database password, at rest. */
  public static SealedPlace destinationPassword(UUID destinationId) {
    return new SealedPlace("destinations/" + destinationId + "/password");
  }

  /** A destination's CA certificate, at rest. */
  public static SealedPlace destinationCaCertificate(UUID destinationId) {
    return new SealedPlace("destinations/" + destinationId + "/ca_certificate");
  }

  /** A pipeline's Klaviyo private API key, at rest. */
  public static SealedPlace pipelineApiKey(UUID pipelineId) {
    return new SealedPlace("pipelines/" + pipelineId + "/api_key");
  }

  /** A destination's connection details travelling to a loader in a message. */
  public static final SealedPlace BUS_DESTINATION = new SealedPlace("bus/destination");

  /** A Klaviyo private API key travelling to an extractor in a sync command. */
  public static final SealedPlace BUS_SOURCE_CREDENTIAL = new SealedPlace("bus/source_credential");

  byte[] additionalData() {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return name;
  }
}
