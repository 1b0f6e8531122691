package io.kvsync.loader.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kvsync.common.contract.Refusal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefusedExceptionTest {

  @Test
  void boundsReadAsWords() {
    assertEquals("2 minutes", RefusedException.inWords(Duration.ofMinutes(2)));
    assertEquals("1 minute", RefusedException.inWords(Duration.ofSeconds(60)));
    assertEquals("90 seconds", RefusedException.inWords(Duration.ofSeconds(90)));
    assertEquals("3 seconds", RefusedException.inWords(Duration.ofSeconds(3)));
    assertEquals("1.5 seconds", RefusedException.inWords(Duration.ofMillis(1500)));
  }

  @Test
  void anyFailureAmountsToAPermanentRefusalWithItsMeaning() {
    RefusedException refused = RefusedException.of(new InvalidBatchException("unknown object 'x'"));
    assertEquals(Refusal.PERMANENT, refused.refusal());
    assertEquals("The loader cannot load this batch: unknown object 'x'", refused.getMessage());
    RefusedException temporary = RefusedException.temporary("away", null);
    assertSame(temporary, RefusedException.of(temporary));
  }
}
