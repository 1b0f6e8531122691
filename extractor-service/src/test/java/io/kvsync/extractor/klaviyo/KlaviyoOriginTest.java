package io.kvsync.extractor.klaviyo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The API key only goes to the configured base URL: every links.next is checked against it. */
class KlaviyoOriginTest {

  private final KlaviyoOrigin klaviyo = KlaviyoOrigin.of("https://a.klaviyo.com");
  private final KlaviyoOrigin emulator = KlaviyoOrigin.of("http://127.0.0.1:8090/");

  @Test
  void klaviyosOwnNextPagesAreAdmittedWhateverTheirQuery() {
    assertTrue(
        klaviyo.admits(
            "https://a.klaviyo.com/api/profiles/?page[cursor]=bmV4dDo6aWQ6OjQ1Ng&page[size]=100"));
    assertTrue(klaviyo.admits("https://A.Klaviyo.com:443/api/events?page%5Bcursor%5D=x"));
    assertTrue(emulator.admits("http://127.0.0.1:8090/api/lists?page%5Bcursor%5D=x"));
  }

  @Test
  void anotherHostPortOrSchemeIsRefused() {
    assertFalse(klaviyo.admits("https://a.klaviyo.com.evil.example/api/profiles"));
    assertFalse(klaviyo.admits("https://b.klaviyo.com/api/profiles"));
    assertFalse(klaviyo.admits("http://a.klaviyo.com/api/profiles"), "the key never goes clear");
    assertFalse(klaviyo.admits("https://a.klaviyo.com:8443/api/profiles"));
    assertFalse(emulator.admits("http://localhost:8090/api/lists"));
    assertFalse(emulator.admits("http://127.0.0.1:8091/api/lists"));
  }

  @Test
  void userInfoTricksAndOddURLsAreRefused() {
    assertFalse(klaviyo.admits("https://a.klaviyo.com@evil.example/api/profiles"));
    assertFalse(klaviyo.admits("https://a.klaviyo.com\\@evil.example/api/profiles"));
    assertFalse(klaviyo.admits("/api/profiles?page[cursor]=relative"));
    assertFalse(klaviyo.admits("ftp://a.klaviyo.com/api/profiles"));
    assertFalse(klaviyo.admits(null));
    assertFalse(klaviyo.admits("not a url"));
  }

  @Test
  void messagesShowTheOriginOnly() {
    assertEquals(
        "https://evil.example:443", KlaviyoOrigin.describe("https://evil.example/x?secret=1"));
    assertEquals("https://a.klaviyo.com:443", klaviyo.toString());
    assertThrows(IllegalArgumentException.class, () -> KlaviyoOrigin.of("a.klaviyo.com"));
  }
}
