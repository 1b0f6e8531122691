package io.kvsync.common.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class NulCharactersTest {

  @Test
  void textLosesEveryNulAndNothingElse() {
    assertEquals("abc", NulCharacters.removeFromText("\u0000a\u0000\u0000bc\u0000"));
    String clean = "no nul here \\u0000";
    assertSame(clean, NulCharacters.removeFromText(clean), "an escape in text is just text");
    assertNull(NulCharacters.removeFromText(null));
  }

  @Test
  void jsonLosesEscapedNulsInStringsAndKeys() {
    assertEquals(
        "{\"key\":[\"ab\",\"\"],\"n\":1}",
        NulCharacters.removeFromJson("{\"k\\u0000ey\":[\"a\\u0000b\",\"\\u0000\"],\"n\":1}"));
  }

  @Test
  void jsonKeepsOtherEscapesAndEscapedBackslashes() {
    String json = "[\"C:\\\\u0000\",\"\\\"\\u0001\\n\",\"\\\\\\u0000x\"]";
    assertEquals(
        "[\"C:\\\\u0000\",\"\\\"\\u0001\\n\",\"\\\\x\"]", NulCharacters.removeFromJson(json));
    String clean = "{\"a\":\"\\\\\"}";
    assertSame(clean, NulCharacters.removeFromJson(clean));
    assertNull(NulCharacters.removeFromJson(null));
  }
}
