package io.kvsync.scheduler.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/** Counts every body the REST layer reads against the limit (BodyLimit). */
@Provider
public class BodyLimitInterceptor implements ReaderInterceptor {

  @Inject BodyLimit limit;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    context.setInputStream(limit.limited(context.getInputStream()));
    return context.proceed();
  }
}
