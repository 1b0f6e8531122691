package io.kvsync.scheduler.rest;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Bounds what a request body may make the API's JSON parser do: a 10,000-deep body is refused with
 * a 400 before it costs a deep recursion, and no string is larger than a field could use. Only the
 * mapper Quarkus builds for this service (the REST layer's) is bounded; the bus' WireFormat mapper
 * keeps its large limits for records.
 */
@Singleton
public class JsonReadLimits implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(Rules.MAX_JSON_DEPTH)
                .maxStringLength(Rules.MAX_JSON_STRING_LENGTH)
                .build());
    // A body is one JSON value: anything after it is a mistake, not something to ignore.
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
