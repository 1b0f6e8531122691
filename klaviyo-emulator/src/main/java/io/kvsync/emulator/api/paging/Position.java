package io.kvsync.emulator.api.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page ended: the last item's sort key and id. Because the next page starts strictly after
 * this position (keyset paging), inserts and deletes between pages never repeat or skip the items
 * that stay in place.
 */
public record Position(String sortKey, String id) {

  private static final String VERSION = "k1";

  /** The opaque {@code page[cursor]} text. */
  public String encode() {
    String raw = VERSION + ":" + sortKey.length() + ":" + sortKey + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException when the text is not a cursor this emulator wrote
   */
  public static Position decode(String cursor) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a cursor", e);
    }
    if (!raw.startsWith(VERSION + ":")) {
      throw new IllegalArgumentException("not a cursor");
    }
    int lengthEnd = raw.indexOf(':', VERSION.length() + 1);
    if (lengthEnd < 0) {
      throw new IllegalArgumentException("not a cursor");
    }
    try {
      int length = Integer.parseInt(raw.substring(VERSION.length() + 1, lengthEnd));
      String sortKey = raw.substring(lengthEnd + 1, lengthEnd + 1 + length);
      return new Position(sortKey, raw.substring(lengthEnd + 1 + length));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a cursor", e);
    }
  }

  /** Compares (sortKey, id) pairs. */
  public static int compare(String sortKeyA, String idA, String sortKeyB, String idB) {
    int bySort = sortKeyA.compareTo(sortKeyB);
    return bySort != 0 ? bySort : idA.compareTo(idB);
  }
}
