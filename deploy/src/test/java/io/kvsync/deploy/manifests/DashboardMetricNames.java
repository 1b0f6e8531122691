package io.kvsync.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names, and the labels of each, that the Grafana dashboards and the Prometheus alert
 * rules query. A label counts as used when a selector matches on it, an aggregation or a vector
 * match groups by it, or a legend or an alert annotation prints it.
 *
 * <p>The PromQL reading is lexical, which is enough for queries written by hand: an identifier
 * followed by {@code (} is a function, one of PromQL's keywords is a keyword, any other identifier
 * outside braces and brackets is a metric name. Grouping and printed labels are attributed to every
 * metric of their expression, since one expression's metrics share the labels it groups by.
 */
public final class DashboardMetricNames {

  private static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> VECTOR_MATCHING =
      Set.of("on", "ignoring", "group_left", "group_right");

  /** PromQL's keywords, aggregation operators included (written before "by" they take no "("). */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "atan2",
          "inf",
          "nan",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  private static final Pattern LEGEND_LABEL =
      Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
  private static final Pattern ANNOTATION_LABEL =
      Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");

  private DashboardMetricNames() {}

  /**
   * Every metric the dashboards of deploy/grafana/dashboards and the rules of
   * deploy/prometheus/alerts.yml query, with the labels they use.
   */
  public static Map<String, Set<String>> queried(Path repositoryRoot) {
    Path deploy = repositoryRoot.resolve("deploy");
    Map<String, Set<String>> queried = new TreeMap<>();
    for (Path dashboard : DeployTree.files(deploy.resolve("grafana/dashboards"), ".json")) {
      merge(queried, inDashboard(dashboard));
    }
    merge(queried, inRuleFile(deploy.resolve("prometheus/alerts.yml")));
    return queried;
  }

  /**
   * What of the queried metrics the available ones lack: metric name → "not exported" or the labels
   * it misses. Labels the scrape adds ({@link ExportedMetrics#TARGET_LABELS}) are never missing.
   * {@code available} is the list the services promise ({@link ExportedMetrics#labelsByName()}) or
   * what they serve ({@link MetricsExposition}).
   */
  public static Map<String, String> unsatisfied(
      Map<String, Set<String>> queried, Map<String, Set<String>> available) {
    Map<String, String> problems = new TreeMap<>();
    queried.forEach(
        (name, labels) -> {
          if (!available.containsKey(name)) {
            problems.put(name, "not exported");
            return;
          }
          Set<String> missing = new TreeSet<>(labels);
          missing.removeAll(available.get(name));
          missing.removeAll(ExportedMetrics.TARGET_LABELS);
          if (!missing.isEmpty()) {
            problems.put(name, "has no labels " + missing);
          }
        });
    return problems;
  }

  /** The metrics a Grafana dashboard's panels and template variables query. */
  public static Map<String, Set<String>> inDashboard(Path dashboard) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(dashboard.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Set<String>> queried = new TreeMap<>();
    collectDashboardQueries(root, queried);
    return queried;
  }

  /** The metrics the rules of a Prometheus rule file query. */
  public static Map<String, Set<String>> inRuleFile(Path ruleFile) {
    return inRuleGroups(RuleFiles.read(ruleFile).getGroups());
  }

  static Map<String, Set<String>> inRuleGroups(List<RuleGroup> groups) {
    Map<String, Set<String>> queried = new TreeMap<>();
    for (RuleGroup group : groups) {
      for (Rule rule : group.getRules()) {
        Set<String> printed = new TreeSet<>();
        if (rule.getAnnotations() != null) {
          rule.getAnnotations()
              .values()
              .forEach(text -> printed.addAll(matches(ANNOTATION_LABEL, text)));
        }
        merge(queried, inExpression(rule.getExpr().getStrVal(), printed));
      }
    }
    return queried;
  }

  /** The metrics of one PromQL expression (Grafana variables allowed), with the labels it uses. */
  public static Map<String, Set<String>> inExpression(String promql) {
    return inExpression(promql, Set.of());
  }

  /**
   * As {@link #inExpression(String)}, attributing also the labels its result is printed with (a
   * legend, an annotation) to each metric.
   */
  static Map<String, Set<String>> inExpression(String promql, Collection<String> printedLabels) {
    Matcher labelValues = LABEL_VALUES.matcher(promql);
    if (labelValues.matches()) {
      // Grafana's label_values(selector, label): the label is one of the selector's metrics'.
      Set<String> printed = new TreeSet<>(printedLabels);
      printed.add(labelValues.group(2));
      return inExpression(labelValues.group(1), printed);
    }
    Map<String, Set<String>> metrics = new TreeMap<>();
    Deque<Scope> scopes = new ArrayDeque<>();
    scopes.push(new Scope(new TreeSet<>(printedLabels)));
    Set<String> lastClosed = Set.of();
    Set<String> pendingGrouping = Set.of();
    List<Token> tokens = PromqlTokens.of(promql);
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : Token.END;
      if (token.is("(")) {
        scopes.push(new Scope(new TreeSet<>(pendingGrouping)));
        pendingGrouping = Set.of();
      } else if (token.is(")")) {
        if (scopes.size() == 1) {
          throw new IllegalArgumentException("Unbalanced ')' in " + promql);
        }
        Scope closed = scopes.pop();
        closed.applyTo(metrics);
        scopes.peek().metrics().addAll(closed.metrics());
        lastClosed = closed.metrics();
      } else if (token.is(Kind.IDENTIFIER) && GROUPING.contains(token.text()) && next.is("(")) {
        Set<String> labels = new TreeSet<>();
        i = readIdentifiers(tokens, i + 2, labels);
        boolean before = i + 1 < tokens.size() && tokens.get(i + 1).is("(");
        if (VECTOR_MATCHING.contains(token.text())) {
          scopes.peek().grouping().addAll(labels); // both operands of the binary operation
        } else if (before) {
          pendingGrouping = labels; // sum by (labels) (expression)
        } else {
          for (String metric : lastClosed) { // sum (expression) by (labels)
            metrics.get(metric).addAll(labels);
          }
        }
      } else if (token.is(Kind.IDENTIFIER)
          && !next.is("(")
          && !KEYWORDS.contains(token.text())
          && !GROUPING.contains(token.text())) {
        Set<String> labels = metrics.computeIfAbsent(token.text(), name -> new TreeSet<>());
        scopes.peek().metrics().add(token.text());
        if (next.is("{")) {
          i = readMatchers(tokens, i + 2, labels);
        }
      } else if (token.is("{")) {
        // A selector without a name: {__name__="…", …}
        String name = nameMatcher(tokens, i);
        Set<String> labels = new TreeSet<>();
        i = readMatchers(tokens, i + 1, labels);
        if (name != null) {
          metrics.computeIfAbsent(name, n -> new TreeSet<>()).addAll(labels);
          scopes.peek().metrics().add(name);
        }
      }
    }
    while (!scopes.isEmpty()) {
      Scope scope = scopes.pop();
      scope.applyTo(metrics);
      if (!scopes.isEmpty()) {
        scopes.peek().metrics().addAll(scope.metrics());
      }
    }
    metrics.values().forEach(labels -> labels.remove("__name__"));
    return metrics;
  }

  /** A parenthesised part of an expression: its metrics, and labels that apply to all of them. */
  private record Scope(Set<String> grouping, Set<String> metrics) {
    Scope(Set<String> grouping) {
      this(grouping, new TreeSet<>());
    }

    void applyTo(Map<String, Set<String>> labelsByMetric) {
      for (String metric : metrics) {
        labelsByMetric.get(metric).addAll(grouping);
      }
    }
  }

  private static void collectDashboardQueries(JsonNode node, Map<String, Set<String>> queried) {
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isTextual()) {
        merge(
            queried,
            inExpression(expr.asText(), matches(LEGEND_LABEL, node.path("legendFormat").asText())));
      }
      if ("query".equals(node.path("type").asText()) && node.has("query")) {
        JsonNode query = node.get("query");
        String text = query.isTextual() ? query.asText() : query.path("query").asText();
        merge(queried, inExpression(text));
      }
      node.fields().forEachRemaining(field -> collectDashboardQueries(field.getValue(), queried));
    } else if (node.isArray()) {
      node.forEach(element -> collectDashboardQueries(element, queried));
    }
  }

  /** Reads identifiers up to the closing parenthesis; returns the index of that parenthesis. */
  private static int readIdentifiers(List<Token> tokens, int from, Set<String> into) {
    int i = from;
    while (i < tokens.size() && !tokens.get(i).is(")")) {
      if (tokens.get(i).is(Kind.IDENTIFIER)) {
        into.add(tokens.get(i).text());
      }
      i++;
    }
    return i;
  }

  /** Reads label matchers up to the closing brace; returns the index of that brace. */
  private static int readMatchers(List<Token> tokens, int from, Set<String> into) {
    int i = from;
    while (i < tokens.size() && !tokens.get(i).is("}")) {
      Token token = tokens.get(i);
      if (token.is(Kind.IDENTIFIER) && i + 1 < tokens.size() && tokens.get(i + 1).is(Kind.MATCH)) {
        into.add(token.text());
      }
      i++;
    }
    return i;
  }

  private static String nameMatcher(List<Token> tokens, int open) {
    for (int i = open + 1; i + 2 < tokens.size() && !tokens.get(i).is("}"); i++) {
      if (tokens.get(i).text().equals("__name__") && tokens.get(i + 1).text().equals("=")) {
        return tokens.get(i + 2).text();
      }
    }
    return null;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static void merge(Map<String, Set<String>> into, Map<String, Set<String>> from) {
    from.forEach((name, labels) -> into.computeIfAbsent(name, n -> new TreeSet<>()).addAll(labels));
  }

  enum Kind {
    IDENTIFIER,
    STRING,
    NUMBER,
    MATCH,
    PUNCTUATION
  }

  record Token(Kind kind, String text) {
    static final Token END = new Token(Kind.PUNCTUATION, "");

    boolean is(Kind expected) {
      return kind == expected;
    }

    boolean is(String punctuation) {
      return kind == Kind.PUNCTUATION && text.equals(punctuation);
    }
  }

  /** Splits PromQL into tokens, dropping comments, range and subquery brackets, and variables. */
  static final class PromqlTokens {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern NUMBER =
        Pattern.compile(
            "(?:0x[0-9a-fA-F]+|[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?)(?:(?:ms|[smhdwy])(?:[0-9]+(?:ms|[smhdwy]))*)?");
    private static final Pattern VARIABLE =
        Pattern.compile("\\$(?:\\{[^}]*}|[a-zA-Z_][a-zA-Z0-9_]*)");
    private static final List<String> MATCHERS = List.of("=~", "!~", "!=", "=");
    private static final List<String> OPERATORS =
        List.of(
            "==", "<=", ">=", "(", ")", "{", "}", ",", "+", "-", "*", "/", "%", "^", "<", ">", "@");

    private PromqlTokens() {}

    static List<Token> of(String promql) {
      List<Token> tokens = new ArrayList<>();
      int i = 0;
      while (i < promql.length()) {
        char c = promql.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#') {
          int end = promql.indexOf('\n', i);
          i = end < 0 ? promql.length() : end;
        } else if (c == '[') {
          int end = promql.indexOf(']', i);
          if (end < 0) {
            throw new IllegalArgumentException("Unclosed '[' in " + promql);
          }
          i = end + 1;
        } else if (c == '"' || c == '\'' || c == '`') {
          int end = stringEnd(promql, i);
          tokens.add(new Token(Kind.STRING, promql.substring(i + 1, end)));
          i = end + 1;
        } else if (c == '$') {
          i = end(VARIABLE, promql, i);
        } else if (Character.isDigit(c)
            || (c == '.' && i + 1 < promql.length() && Character.isDigit(promql.charAt(i + 1)))) {
          int end = end(NUMBER, promql, i);
          tokens.add(new Token(Kind.NUMBER, promql.substring(i, end)));
          i = end;
        } else if (IDENTIFIER.matcher(String.valueOf(c)).matches()) {
          int end = end(IDENTIFIER, promql, i);
          tokens.add(new Token(Kind.IDENTIFIER, promql.substring(i, end)));
          i = end;
        } else {
          i = operator(promql, i, tokens);
        }
      }
      return tokens;
    }

    private static int operator(String promql, int at, List<Token> tokens) {
      for (String operator : OPERATORS) {
        if (operator.length() == 2 && promql.startsWith(operator, at)) {
          tokens.add(new Token(Kind.PUNCTUATION, operator));
          return at + 2;
        }
      }
      for (String matcher : MATCHERS) {
        if (promql.startsWith(matcher, at)) {
          tokens.add(new Token(Kind.MATCH, matcher));
          return at + matcher.length();
        }
      }
      for (String operator : OPERATORS) {
        if (promql.startsWith(operator, at)) {
          tokens.add(new Token(Kind.PUNCTUATION, operator));
          return at + operator.length();
        }
      }
      throw new IllegalArgumentException(
          "Unexpected '" + promql.charAt(at) + "' at " + at + " in " + promql);
    }

    private static int stringEnd(String promql, int start) {
      char quote = promql.charAt(start);
      for (int i = start + 1; i < promql.length(); i++) {
        char c = promql.charAt(i);
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          return i;
        }
      }
      throw new IllegalArgumentException("Unclosed string in " + promql);
    }

    private static int end(Pattern pattern, String text, int start) {
      Matcher matcher = pattern.matcher(text).region(start, text.length());
      if (!matcher.lookingAt()) {
        throw new IllegalArgumentException("Cannot read '" + text.substring(start) + "'");
      }
      return matcher.end();
    }
  }
}
