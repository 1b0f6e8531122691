package io.kvsync.extractor.klaviyo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Scheme, host and port of the configured Klaviyo base URL: the only place the API key is ever
 * sent. Every URL the extractor did not build itself ({@code links.next}, a resume's next page) is
 * checked against it before a request goes out.
 */
public record KlaviyoOrigin(String scheme, String host, int port) {

  /** The origin of the configured base URL; fails at startup when it is not a URL. */
  public static KlaviyoOrigin of(String baseUrl) {
    return parse(baseUrl)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "kvsync.klaviyo.base-url '" + baseUrl + "' is not an http(s) URL"));
  }

  /**
   * The origin of {@code url}, or empty when it has none we can trust. Only the part before the
   * path is parsed: Klaviyo's query strings may hold characters {@link URI} refuses.
   */
  public static Optional<KlaviyoOrigin> parse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) {
      return Optional.empty();
    }
    int authorityEnd = schemeEnd + 3;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    try {
      URI origin = new URI(url.substring(0, authorityEnd));
      String scheme = origin.getScheme().toLowerCase(Locale.ROOT);
      if (origin.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
        return Optional.empty();
      }
      int port = origin.getPort() >= 0 ? origin.getPort() : scheme.equals("https") ? 443 : 80;
      return Optional.of(
          new KlaviyoOrigin(scheme, origin.getHost().toLowerCase(Locale.ROOT), port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Whether a request to {@code url} goes to this origin. */
  public boolean admits(String url) {
    return parse(url).map(this::equals).orElse(false);
  }

  /** The origin of {@code url} as shown in messages (never its query, which may be long). */
  public static String describe(String url) {
    return parse(url).map(KlaviyoOrigin::toString).orElse("an unparseable URL");
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
