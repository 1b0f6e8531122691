package io.kvsync.extractor.testing;

import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SecretCipher;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** SyncCommands as the scheduler sends them, sealed with the test master key. */
public final class Commands {

  public static final String TEST_MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  public static final SecretCipher CIPHER = SecretCipher.fromBase64Key(TEST_MASTER_KEY);
  public static final String SEALED_DESTINATION =
      new DestinationSpec("127.0.0.1", 5432, "kvsync_extractor_test", "postgres", "", "klaviyo", "")
          .seal(CIPHER);

  private Commands() {}

  public static SyncCommand full(String object, String apiKey) {
    return command(object, SyncKind.FULL, null, null, apiKey, 1.0, 600);
  }

  public static SyncCommand command(
      String object,
      SyncKind kind,
      CursorWindow window,
      List<String> parentIds,
      String apiKey,
      double rateShare,
      long timeBudgetSeconds) {
    return new SyncCommand(
        SyncCommand.SCHEMA_VERSION,
        UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        object,
        kind,
        1,
        window,
        parentIds,
        CIPHER.encrypt(apiKey),
        SEALED_DESTINATION,
        rateShare,
        Instant.now(),
        timeBudgetSeconds);
  }
}
