package io.kvsync.emulator.data;

import java.util.SplittableRandom;

/** Names that exercise a replication pipeline: accents, emoji, scripts, quotes, long text. */
public final class AwkwardText {

  static final String[] WORDS = {
    "Summer",
    "Winter",
    "VIP",
    "Café",
    "Ñandú",
    "Über",
    "Ünïcödé",
    "ß-Straße",
    "日本語",
    "Привет",
    "مرحبا",
    "🎉 Party",
    "🔥 Hot",
    "Déjà vu",
    "O'Brien",
    "\"Quoted\"",
    "Back\\slash",
    "Tab\tName",
    "Newsletter",
    "Welcome",
    "Win-back",
    "Abandoned Cart",
    "Browse",
    "Price Drop",
    "Loyalty"
  };

  private AwkwardText() {}

  public static String words(SplittableRandom random, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return out.toString();
  }

  /** A random generator for one object, independent of every other object's. */
  public static SplittableRandom randomFor(long seed, long kind, long ordinal) {
    return new SplittableRandom(IdCodec.mix(IdCodec.mix(seed * 1_000_003 + kind) + ordinal));
  }
}
