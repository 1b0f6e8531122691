package io.kvsync.common.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColumnNamesTest {

  @Test
  void laterSourceOfACollidingNameGetsAHashSuffix() {
    ColumnNames names = new ColumnNames();
    String plan = names.columnFor("Plan", SqlName.sanitise("Plan"));
    String lowerPlan = names.columnFor("plan", SqlName.sanitise("plan"));
    assertEquals("plan", plan);
    assertNotEquals("plan", lowerPlan);
    assertTrue(lowerPlan.matches("plan_[0-9a-f]{6}"), lowerPlan);
  }

  @Test
  void existingColumnsKeepTheirSource() {
    ColumnNames names = new ColumnNames();
    names.existing("plan", "plan_abc123");
    names.existing("Plan", "plan");
    assertEquals("plan_abc123", names.columnFor("plan", "plan"));
    assertEquals("plan", names.columnFor("Plan", "plan"));
  }

  @Test
  void reservedNamesAreNeverHandedOut() {
    ColumnNames names = new ColumnNames();
    names.reserve("__job_id");
    names.reserve("id");
    String column = names.columnFor("ID", SqlName.sanitise("ID"));
    assertTrue(column.startsWith("id_"), column);
  }
}
