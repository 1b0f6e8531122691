package io.kvsync.extractor.objects;

import java.util.ArrayList;
import java.util.List;

/** Cuts a table's records of one answer into batches by a byte budget (docs/adr/0005). */
final class BatchCuts {

  private BatchCuts() {}

  /**
   * @return the records in order, in groups whose sizes add up to at most {@code budgetBytes}; a
   *     group ends before the record that would take it over, and a record larger than the budget
   *     is a group of its own
   */
  static List<List<PageRecord>> cut(List<PageRecord> records, long budgetBytes) {
    List<List<PageRecord>> batches = new ArrayList<>();
    List<PageRecord> batch = new ArrayList<>();
    long batchBytes = 0;
    for (PageRecord record : records) {
      if (!batch.isEmpty() && batchBytes + record.bytes() > budgetBytes) {
        batches.add(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(record);
      batchBytes += record.bytes();
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }
}
