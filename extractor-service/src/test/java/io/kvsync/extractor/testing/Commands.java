package io.kvsync.extractor.testing;

import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.ReadResume;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** SyncCommands as the scheduler sends them, sealed with the test master key. */
public final class Commands {

  /** The ring of the {@code %test} profile. */
  public static final String TEST_MASTER_KEYS = "test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  public static final SecretCipher CIPHER = SecretCipher.fromRing(TEST_MASTER_KEYS);
  public static final String SEALED_DESTINATION =
      new DestinationSpec("127.0.0.1", 5432, "kvsync_extractor_test", "postgres", "", "klaviyo", "")
          .seal(CIPHER);

  private Commands() {}

  public static SyncCommand full(String object, String apiKey) {
    return command(object, SyncKind.FULL, null, null, apiKey, 1.0, 600);
  }

  /** A first load of an incremental object: no window. */
  public static SyncCommand firstLoad(String object, String apiKey) {
    return command(object, SyncKind.HISTORICAL, null, null, apiKey, 1.0, 600);
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
        CIPHER.encrypt(apiKey, SealedPlace.BUS_SOURCE_CREDENTIAL),
        SEALED_DESTINATION,
        rateShare,
        Instant.now(),
        timeBudgetSeconds,
        null);
  }

  /** The next chunk of the same slice, as the scheduler issues it after a PARTIAL outcome. */
  public static SyncCommand resumed(SyncCommand command, ReadResume resume) {
    return copy(command, command.commandId(), command.jobId(), command.syncStartedAt(), resume);
  }

  /** The same slice in a job that started at {@code syncStartedAt}. */
  public static SyncCommand startedAt(SyncCommand command, Instant syncStartedAt) {
    return copy(command, command.commandId(), command.jobId(), syncStartedAt, command.resume());
  }

  /** Another slice (a new command id) like {@code command}, of job {@code jobId}. */
  public static SyncCommand ofJob(SyncCommand command, UUID jobId) {
    return copy(command, UUID.randomUUID(), jobId, command.syncStartedAt(), command.resume());
  }

  private static SyncCommand copy(
      SyncCommand command, UUID commandId, UUID jobId, Instant syncStartedAt, ReadResume resume) {
    return new SyncCommand(
        command.schemaVersion(),
        commandId,
        jobId,
        command.pipelineId(),
        command.object(),
        command.kind(),
        command.attempt(),
        command.window(),
        command.parentIds(),
        command.sourceCredential(),
        command.destination(),
        command.rateShare(),
        syncStartedAt,
        command.timeBudgetSeconds(),
        resume);
  }
}
