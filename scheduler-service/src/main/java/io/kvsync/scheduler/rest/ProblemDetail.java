package io.kvsync.scheduler.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem: what every error answer of the API carries.
 *
 * @param field the request field that broke a rule, when one did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(int status, String title, String detail, String field) {

  public static final String MEDIA_TYPE = "application/problem+json";
}
