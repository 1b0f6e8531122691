package io.kvsync.emulator.api;

import io.vertx.core.buffer.Buffer;

/** Produces the 200 body of one endpoint; throws {@link ApiError} to refuse. */
@FunctionalInterface
public interface EndpointHandler {
  Buffer handle(ApiCall call);
}
