package io.kvsync.extractor.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BatchCutsTest {

  private static List<PageRecord> records(long... sizes) {
    return LongStream.of(sizes).mapToObj(size -> new PageRecord(null, null, size)).toList();
  }

  private static List<List<Long>> sizes(List<List<PageRecord>> batches) {
    return batches.stream().map(b -> b.stream().map(PageRecord::bytes).toList()).toList();
  }

  @Test
  void aBatchEndsBeforeTheRecordThatWouldTakeItOverTheBudget() {
    assertEquals(
        List.of(List.of(40L, 60L), List.of(30L, 30L, 30L), List.of(90L)),
        sizes(BatchCuts.cut(records(40, 60, 30, 30, 30, 90), 100)));
  }

  @Test
  void aRecordLargerThanTheBudgetTravelsAlone() {
    assertEquals(
        List.of(List.of(10L), List.of(500L), List.of(10L, 20L)),
        sizes(BatchCuts.cut(records(10, 500, 10, 20), 100)));
  }

  @Test
  void noRecordsMakeNoBatch() {
    assertEquals(List.of(), BatchCuts.cut(List.of(), 100));
  }
}
