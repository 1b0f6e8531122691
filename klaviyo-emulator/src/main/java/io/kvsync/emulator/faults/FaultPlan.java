package io.kvsync.emulator.faults;

import java.util.Arrays;
import java.util.List;

/** The faults an emulator starts with; see {@link FaultInjector} for the ones in force. */
public record FaultPlan(List<FaultRule> rules) {

  public FaultPlan {
    rules = List.copyOf(rules);
  }

  public static FaultPlan none() {
    return new FaultPlan(List.of());
  }

  public static FaultPlan of(FaultRule... rules) {
    return new FaultPlan(List.of(rules));
  }

  /** Parses rules separated by ';' (see {@link FaultRule#parse}). */
  public static FaultPlan parse(String text) {
    return new FaultPlan(
        Arrays.stream(text.split(";")).filter(s -> !s.isBlank()).map(FaultRule::parse).toList());
  }
}
