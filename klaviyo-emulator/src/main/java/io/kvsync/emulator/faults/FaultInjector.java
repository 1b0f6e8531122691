package io.kvsync.emulator.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The faults in force; decides per request which (if any) hit it. Thread-safe. */
public final class FaultInjector {

  /** What a request suffers: at most one failure, plus a delay. */
  public record Decision(FaultRule failure, long latencyMillis) {
    static final Decision NONE = new Decision(null, 0);

    public boolean fails() {
      return failure != null;
    }
  }

  private final List<MutableRule> rules = new ArrayList<>();
  private final SplittableRandom random;

  private static final class MutableRule {
    final FaultRule rule;
    long remaining;

    MutableRule(FaultRule rule) {
      this.rule = rule;
      this.remaining = rule.times();
    }
  }

  public FaultInjector(FaultPlan initial, long seed) {
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    initial.rules().forEach(this::add);
  }

  public synchronized void add(FaultRule rule) {
    rules.add(new MutableRule(rule));
  }

  public synchronized void clear() {
    rules.clear();
  }

  public synchronized List<FaultRule> active() {
    return rules.stream().map(r -> r.rule.withTimes(r.remaining)).toList();
  }

  public synchronized Decision decide(String operationId, String pathTemplate) {
    if (rules.isEmpty()) {
      return Decision.NONE;
    }
    long latency = 0;
    FaultRule failure = null;
    for (MutableRule candidate : rules) {
      FaultRule rule = candidate.rule;
      if (candidate.remaining == 0 || !rule.matches(operationId, pathTemplate)) {
        continue;
      }
      if (rule.kind() == FaultKind.LATENCY) {
        latency = Math.max(latency, rule.latencyMillis());
        consume(candidate);
      } else if (failure == null && (rule.rate() >= 1.0 || random.nextDouble() < rule.rate())) {
        failure = rule;
        consume(candidate);
      }
    }
    rules.removeIf(r -> r.remaining == 0);
    return failure == null && latency == 0 ? Decision.NONE : new Decision(failure, latency);
  }

  private static void consume(MutableRule rule) {
    if (rule.remaining > 0) {
      rule.remaining--;
    }
  }
}
