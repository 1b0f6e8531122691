package io.kvsync.emulator.data;

/** The one account behind every key. */
public record Account(
    String id,
    boolean testAccount,
    String senderName,
    String senderEmail,
    String websiteUrl,
    String organizationName,
    String address1,
    String address2,
    String city,
    String region,
    String country,
    String zip,
    String industry,
    String timezone,
    String preferredCurrency,
    String publicApiKey,
    String locale) {

  public static Account generate(long seed) {
    IdCodec ids = IdCodec.short62(seed, 1);
    return new Account(
        ids.encode(0),
        false,
        "Émile's Café ☕",
        "hello@emulated-store.example",
        "https://emulated-store.example",
        "Émile's Café & Co.",
        "12 Rue de l'Église",
        null,
        "Montréal",
        "QC",
        "Canada",
        "H2X 1Y4",
        "Food & Beverage",
        "America/Toronto",
        "CAD",
        ids.encode(1),
        "fr-CA");
  }
}
