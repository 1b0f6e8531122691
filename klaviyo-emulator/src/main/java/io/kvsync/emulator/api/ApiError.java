package io.kvsync.emulator.api;

/**
 * A request Klaviyo would refuse, carrying the members of the spec's error object. Thrown anywhere
 * while a request is handled and written once, by {@link ErrorResponses}.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final String title;
  private final String parameter;
  private final long retryAfterSeconds;

  private ApiError(
      int status, String code, String title, String detail, String parameter, long retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
    this.parameter = parameter;
    this.retryAfterSeconds = retryAfter;
  }

  public static ApiError invalidParameter(String parameter, String detail) {
    return new ApiError(400, "invalid", "Invalid input.", detail, parameter, 0);
  }

  public static ApiError missingRevision() {
    return new ApiError(
        400,
        "invalid",
        "Invalid input.",
        "The 'revision' header is required (format YYYY-MM-DD[.suffix]), e.g. revision: 2026-07-15.",
        "revision",
        0);
  }

  public static ApiError invalidRevision(String value) {
    return new ApiError(
        400,
        "invalid",
        "Invalid input.",
        "'" + value + "' is not a valid revision; use the format YYYY-MM-DD[.suffix].",
        "revision",
        0);
  }

  public static ApiError notAuthenticated() {
    return new ApiError(
        401,
        "not_authenticated",
        "Authentication credentials were not provided.",
        "Missing or invalid authorization scheme. Please use Klaviyo-API-Key.",
        null,
        0);
  }

  public static ApiError authenticationFailed() {
    return new ApiError(
        401,
        "authentication_failed",
        "Incorrect authentication credentials.",
        "Incorrect authentication credentials.",
        null,
        0);
  }

  public static ApiError missingScope(String scope) {
    return new ApiError(
        403,
        "permission_denied",
        "You do not have permission to perform this action.",
        "This API key is missing required scopes: " + scope,
        null,
        0);
  }

  public static ApiError notFound(String detail) {
    return new ApiError(404, "not_found", "Not found.", detail, null, 0);
  }

  public static ApiError throttled(long retryAfterSeconds) {
    return new ApiError(
        429,
        "throttled",
        "Request was throttled.",
        "Request was throttled. Expected available in "
            + retryAfterSeconds
            + " second"
            + (retryAfterSeconds == 1 ? "." : "s."),
        null,
        retryAfterSeconds);
  }

  public static ApiError serverError(int status) {
    return new ApiError(
        status,
        "error",
        "A server error occurred.",
        "A server error occurred. Please try again later.",
        null,
        0);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /** The query parameter (or header) at fault, or null. */
  public String parameter() {
    return parameter;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
