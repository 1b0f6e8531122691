import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import io.kvsync.common.catalogue.RowShape;
import io.kvsync.common.contract.BatchHeaders;
import io.kvsync.common.contract.BatchLoaded;
import io.kvsync.common.contract.RecordBatch;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.rows.ColumnType;
import io.kvsync.common.rows.Field;
import io.kvsync.common.rows.MappedRecord;
import io.kvsync.common.rows.RowMapper;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SecretCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loader throughput against PostgreSQL's COPY, in one run: realistic event_v2 rows (about 1 KB,
 * jsonb properties) go RabbitMQ → loader → PostgreSQL, then the same rows are COPYed into an
 * identical empty table. With {@code --strategies}, it also compares the two set-based upsert
 * strategies (unnest arrays vs COPY into a temporary table then merge) over plain JDBC.
 *
 * <p>Run through bench/loader/run.sh, which starts the loader on bench-only exchanges and queues.
 */
public class LoaderBench {

  static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final RowShape EVENT_SHAPE = new RowShape(Set.of("datetime"), Set.of());

  static int rows = 100_000;
  static int batchSize = 500;
  static int warmupRows = -1;
  static long loaderPid = -1;
  static boolean strategies = false;
  static String database = "kvsync_bench";

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[++i]);
        case "--batch" -> batchSize = Integer.parseInt(args[++i]);
        case "--warmup" -> warmupRows = Integer.parseInt(args[++i]);
        case "--loader-pid" -> loaderPid = Long.parseLong(args[++i]);
        case "--database" -> database = args[++i];
        case "--strategies" -> strategies = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String run = "bench_" + Long.toString(System.currentTimeMillis(), 36);
    List<List<ObjectNode>> batches = generate(rows, batchSize, new Random(7));
    long jsonBytes = 0;
    for (List<ObjectNode> batch : batches) {
      for (ObjectNode record : batch) {
        jsonBytes += record.toString().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    System.out.printf(
        "rows=%d batch=%d batches=%d avg-record-bytes=%d%n",
        rows, batchSize, batches.size(), jsonBytes / rows);

    if (strategies) {
      compareStrategies(run, batches);
      return;
    }

    // Warm-up in a schema of its own (so the measured table starts empty) and long enough for the
    // JIT to compile the loader's hot path, as in a loader that has been running for a while.
    int warmup = warmupRows >= 0 ? warmupRows : rows;
    loadThroughLoader(run + "_warmup", generate(warmup, batchSize, new Random(3)));
    long[] cpuBefore = cpuTicks();
    double loaderSeconds = loadThroughLoader(run, batches);
    long[] cpuAfter = cpuTicks();
    double loaderRate = rows / loaderSeconds;
    String rss = loaderPid > 0 ? memory(loaderPid) : "n/a";

    double copySeconds = copyIntoIdenticalTable(run, batches);
    double copyRate = rows / copySeconds;
    System.out.printf(
        "loader: %.2f s, %.0f rows/s%nCOPY:   %.2f s, %.0f rows/s%nratio loader/COPY: %.0f%%%nloader memory: %s%n"
            + "CPU seconds during the loader run: loader %.1f, RabbitMQ %.1f, PostgreSQL %.1f%n",
        loaderSeconds, loaderRate, copySeconds, copyRate, 100 * loaderRate / copyRate, rss,
        (cpuAfter[0] - cpuBefore[0]) / 100.0, (cpuAfter[1] - cpuBefore[1]) / 100.0,
        (cpuAfter[2] - cpuBefore[2]) / 100.0);
    verify(run);
  }

  // ---------------------------------------------------------------- data

  static List<List<ObjectNode>> generate(int count, int size, Random random) {
    String[] metrics = {"Placed Order", "Viewed Product", "Opened Email", "Clicked Email", "Started Checkout"};
    String[] products = {"Linen shirt", "Wool socks", "Canvas tote", "Ceramic mug", "Trail shoes", "Rain jacket"};
    List<List<ObjectNode>> batches = new ArrayList<>();
    List<ObjectNode> current = new ArrayList<>();
    Instant base = Instant.parse("2025-01-01T00:00:00Z");
    for (int i = 0; i < count; i++) {
      ObjectNode event = WireFormat.mapper().createObjectNode();
      event.put("type", "event");
      event.put("id", "4" + Long.toString(Math.abs(random.nextLong()), 36) + i);
      ObjectNode attributes = event.putObject("attributes");
      Instant at = base.plusSeconds(random.nextInt(30_000_000));
      attributes.put("timestamp", at.getEpochSecond());
      attributes.put("datetime", at.toString().replace("Z", "+00:00"));
      attributes.put("uuid", new UUID(random.nextLong(), random.nextLong()).toString());
      ObjectNode properties = attributes.putObject("event_properties");
      properties.put("$value", Math.round(random.nextDouble() * 50_000) / 100.0);
      properties.put("$event_id", Long.toString(random.nextLong() & Long.MAX_VALUE));
      properties.put("Campaign Name", "Autumn sale " + random.nextInt(40));
      properties.put("Subject", "Our new arrivals picked for you, " + random.nextInt(1000));
      properties.put("$attributed_flow", Long.toString(random.nextLong() & 0xffffffffL, 36));
      properties.put("Discount Code", "SAVE" + random.nextInt(100));
      properties.put("Source", random.nextBoolean() ? "web" : "mobile");
      properties.put("Landing Page", "https://shop.example.com/collections/autumn?utm_source=klaviyo&utm_campaign=" + random.nextInt(500));
      properties.put("Browser", random.nextBoolean() ? "Chrome 131 on macOS" : "Safari 18 on iOS");
      ArrayNode items = properties.putArray("Items");
      int itemCount = 1 + random.nextInt(3);
      for (int k = 0; k < itemCount; k++) {
        ObjectNode item = items.addObject();
        item.put("ProductID", 1000 + random.nextInt(9000));
        item.put("ProductName", products[random.nextInt(products.length)]);
        item.put("Quantity", 1 + random.nextInt(3));
        item.put("ItemPrice", Math.round(random.nextDouble() * 20_000) / 100.0);
        item.put("URL", "https://shop.example.com/products/" + random.nextInt(100_000));
      }
      properties.putArray("Categories").add("Apparel").add("Sale");
      ObjectNode relationships = event.putObject("relationships");
      relationships
          .putObject("profile")
          .putObject("data")
          .put("type", "profile")
          .put("id", "01J" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36).toUpperCase());
      relationships
          .putObject("metric")
          .putObject("data")
          .put("type", "metric")
          .put("id", metrics[random.nextInt(metrics.length)].substring(0, 3).toUpperCase() + random.nextInt(5));
      relationships.putObject("attributions").putArray("data");
      current.add(event);
      if (current.size() == size) {
        batches.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  // ---------------------------------------------------------------- loader path

  static double loadThroughLoader(String schema, List<List<ObjectNode>> batches) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(env("RABBITMQ_HOST", "127.0.0.1"));
    factory.setPort(Integer.parseInt(env("RABBITMQ_PORT", "5672")));
    factory.setUsername(env("RABBITMQ_USERNAME", "guest"));
    factory.setPassword(env("RABBITMQ_PASSWORD", "guest"));
    try (com.rabbitmq.client.Connection connection = factory.newConnection("loader-bench")) {
      Channel publish = connection.createChannel();
      Channel consume = connection.createChannel();
      publish.exchangeDeclare("bench.records", "direct", true);
      consume.exchangeDeclare("bench.sync.progress", "topic", true);
      String progress = consume.queueDeclare().getQueue();
      consume.queueBind(progress, "bench.sync.progress", "loaded.#");
      Set<UUID> pending = ConcurrentHashMap.newKeySet();
      CountDownLatch done = new CountDownLatch(batches.size());
      long[] upserted = {0};
      DeliverCallback onLoaded =
          (tag, delivery) -> {
            BatchLoaded loaded = WireFormat.decode(delivery.getBody(), BatchLoaded.class);
            if (pending.remove(loaded.batchId())) {
              if (loaded.isRefusal() || !loaded.failures().isEmpty()) {
                System.err.println("batch not fully loaded: " + loaded);
              }
              synchronized (upserted) {
                upserted[0] += loaded.rowsUpserted();
              }
              done.countDown();
            }
          };
      consume.basicConsume(progress, true, onLoaded, tag -> {});

      String destination = destination(schema).seal(SecretCipher.fromBase64Key(MASTER_KEY));
      Instant extractedAt = Instant.now();
      UUID readId = UUID.randomUUID();
      List<byte[]> bodies = new ArrayList<>();
      List<AMQP.BasicProperties> properties = new ArrayList<>();
      for (int i = 0; i < batches.size(); i++) {
        RecordBatch batch =
            new RecordBatch(RecordBatch.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), "event_v2", 1, readId, i, extractedAt, null,
                destination, batches.get(i));
        pending.add(batch.batchId());
        bodies.add(WireFormat.encode(batch));
        // As the extractor publishes it: the batch's reference also travels as headers.
        properties.add(new AMQP.BasicProperties.Builder().contentType("application/json")
            .deliveryMode(2).headers(BatchHeaders.of(batch.ref())).build());
      }
      publish.confirmSelect();
      long start = System.nanoTime();
      for (int i = 0; i < bodies.size(); i++) {
        publish.basicPublish("bench.records", "load", properties.get(i), bodies.get(i));
      }
      publish.waitForConfirmsOrDie(120_000);
      System.out.printf("%s: published and confirmed in %.2f s%n", schema, (System.nanoTime() - start) / 1e9);
      if (!done.await(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException(pending.size() + " batches not loaded");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s: %d rows upserted by the loader%n", schema, upserted[0]);
      return seconds;
    }
  }

  // ---------------------------------------------------------------- COPY baseline

  static double copyIntoIdenticalTable(String schema, List<List<ObjectNode>> batches) throws Exception {
    try (Connection c = jdbc()) {
      String loaderTable = "\"" + schema + "\".event_v2";
      String copyTable = "\"" + schema + "\".event_v2_copy";
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + copyTable + " (LIKE " + loaderTable + " INCLUDING ALL)");
      }
      List<String> columns = new ArrayList<>();
      Map<String, String> columnBySource = new LinkedHashMap<>();
      Map<String, ColumnType> types = new LinkedHashMap<>();
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT a.attname, format_type(a.atttypid, a.atttypmod), col_description(a.attrelid, a.attnum)"
                  + " FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0"
                  + " AND NOT a.attisdropped ORDER BY a.attnum")) {
        q.setString(1, loaderTable);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            columns.add(rs.getString(1));
            types.put(rs.getString(1), ColumnType.fromSql(rs.getString(2)));
            String comment = rs.getString(3);
            if (comment != null && comment.startsWith("source: ")) {
              columnBySource.put(comment.substring("source: ".length()), rs.getString(1));
            }
          }
        }
      }
      // The COPY input is prepared before the clock starts: this measures PostgreSQL alone.
      byte[] input = copyText(batches, columns, columnBySource, types);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      c.setAutoCommit(false);
      long start = System.nanoTime();
      long copied =
          copy.copyIn(
              "COPY " + copyTable + " FROM STDIN (FORMAT text)", new ByteArrayInputStream(input));
      c.commit();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s: %d rows COPYed (%d MB of COPY text)%n", copyTable, copied, input.length >> 20);
      return seconds;
    }
  }

  static byte[] copyText(
      List<List<ObjectNode>> batches,
      List<String> columns,
      Map<String, String> columnBySource,
      Map<String, ColumnType> types) {
    RowMapper mapper = new RowMapper(EVENT_SHAPE);
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 1200);
    String now = Instant.now().toString();
    String job = UUID.randomUUID().toString();
    for (List<ObjectNode> batch : batches) {
      for (ObjectNode record : batch) {
        MappedRecord row = mapper.map(record);
        Map<String, String> values = new LinkedHashMap<>();
        for (Field field : row.fields()) {
          String column = columnBySource.get(field.source());
          if (column != null) {
            values.put(column, field.textFor(types.get(column)));
          }
        }
        values.put("__ingested_at", now);
        values.put("__loaded_at", now);
        values.put("__marked_deleted", "false");
        values.put("__job_id", job);
        StringBuilder line = new StringBuilder(1200);
        for (int i = 0; i < columns.size(); i++) {
          if (i > 0) {
            line.append('\t');
          }
          String value = values.get(columns.get(i));
          line.append(value == null ? "\\N" : escape(value));
        }
        line.append('\n');
        out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  static String escape(String value) {
    StringBuilder escaped = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> escaped.append("\\\\");
        case '\t' -> escaped.append("\\t");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        default -> escaped.append(ch);
      }
    }
    return escaped.toString();
  }

  // ---------------------------------------------------------------- strategies (ADR 0001)

  static final String[] STRATEGY_COLUMNS = {"id", "metric_id", "profile_id", "timestamp", "datetime", "uuid", "event_properties"};
  static final String[] STRATEGY_TYPES = {"text", "text", "text", "bigint", "timestamptz", "text", "jsonb"};

  static void compareStrategies(String run, List<List<ObjectNode>> batches) throws Exception {
    List<String[][]> arrays = new ArrayList<>();
    RowMapper mapper = new RowMapper(EVENT_SHAPE);
    Map<String, String> sourceToColumn =
        Map.of("id", "id", "relationships.metric.data.id", "metric_id",
            "relationships.profile.data.id", "profile_id", "timestamp", "timestamp",
            "datetime", "datetime", "uuid", "uuid", "event_properties", "event_properties");
    List<String> order = List.of(STRATEGY_COLUMNS);
    for (List<ObjectNode> batch : batches) {
      String[][] columns = new String[STRATEGY_COLUMNS.length][batch.size()];
      for (int r = 0; r < batch.size(); r++) {
        for (Field field : mapper.map(batch.get(r)).fields()) {
          String column = sourceToColumn.get(field.source());
          if (column != null) {
            int c = order.indexOf(column);
            columns[c][r] = field.textFor(ColumnType.ofSqlName(STRATEGY_TYPES[c]).orElseThrow());
          }
        }
      }
      arrays.add(columns);
    }
    try (Connection c = jdbc()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA \"" + run + "\"");
        for (String table : List.of("via_unnest", "via_copy_merge")) {
          StringBuilder ddl = new StringBuilder("CREATE TABLE \"" + run + "\"." + table + " (");
          for (int i = 0; i < STRATEGY_COLUMNS.length; i++) {
            ddl.append('"').append(STRATEGY_COLUMNS[i]).append("\" ").append(STRATEGY_TYPES[i]).append(", ");
          }
          ddl.append("__ingested_at timestamptz NOT NULL, __loaded_at timestamptz NOT NULL,"
              + " __marked_deleted boolean, __job_id uuid, PRIMARY KEY (id))");
          s.execute(ddl.toString());
        }
      }
      c.setAutoCommit(false);
      double unnest = timeUnnest(c, run, arrays);
      double merge = timeCopyMerge(c, run, arrays);
      System.out.printf(
          "unnest arrays:            %.2f s, %.0f rows/s%nCOPY to temp then merge:  %.2f s, %.0f rows/s%n",
          unnest, rows / unnest, merge, rows / merge);
    }
  }

  static String columnList() {
    StringBuilder list = new StringBuilder();
    for (String column : STRATEGY_COLUMNS) {
      list.append('"').append(column).append("\", ");
    }
    return list + "__ingested_at, __loaded_at, __marked_deleted, __job_id";
  }

  static String conflictClause() {
    StringBuilder set = new StringBuilder(" ON CONFLICT (id) DO UPDATE SET ");
    for (int i = 1; i < STRATEGY_COLUMNS.length; i++) {
      set.append('"').append(STRATEGY_COLUMNS[i]).append("\" = EXCLUDED.\"").append(STRATEGY_COLUMNS[i]).append("\", ");
    }
    return set + "__ingested_at = EXCLUDED.__ingested_at, __loaded_at = EXCLUDED.__loaded_at,"
        + " __marked_deleted = false, __job_id = EXCLUDED.__job_id"
        + " WHERE t.__ingested_at <= EXCLUDED.__ingested_at";
  }

  static double timeUnnest(Connection c, String run, List<String[][]> arrays) throws Exception {
    StringBuilder select = new StringBuilder();
    StringBuilder params = new StringBuilder();
    StringBuilder aliases = new StringBuilder();
    for (int i = 0; i < STRATEGY_COLUMNS.length; i++) {
      select.append("s.c").append(i).append("::").append(STRATEGY_TYPES[i]).append(", ");
      params.append(i == 0 ? "" : ", ").append("?::text[]");
      aliases.append(i == 0 ? "" : ", ").append("c").append(i);
    }
    String sql = "INSERT INTO \"" + run + "\".via_unnest AS t (" + columnList() + ") SELECT " + select
        + "?::timestamptz, now(), false, ?::uuid FROM unnest(" + params + ") AS s(" + aliases + ")"
        + conflictClause();
    Timestamp ingested = Timestamp.from(Instant.now());
    long start = System.nanoTime();
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (String[][] batch : arrays) {
        // Parameters in text order: the select list's two, then the arrays.
        statement.setTimestamp(1, ingested);
        statement.setObject(2, UUID.randomUUID());
        for (int i = 0; i < batch.length; i++) {
          statement.setArray(i + 3, c.createArrayOf("text", batch[i]));
        }
        statement.executeUpdate();
        c.commit();
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  static double timeCopyMerge(Connection c, String run, List<String[][]> arrays) throws Exception {
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < STRATEGY_COLUMNS.length; i++) {
      select.append("s.\"").append(STRATEGY_COLUMNS[i]).append("\"::").append(STRATEGY_TYPES[i]).append(", ");
    }
    String merge = "INSERT INTO \"" + run + "\".via_copy_merge AS t (" + columnList() + ") SELECT " + select
        + "?::timestamptz, now(), false, ?::uuid FROM pg_temp.incoming s" + conflictClause();
    StringBuilder temp = new StringBuilder("CREATE TEMP TABLE incoming (");
    for (int i = 0; i < STRATEGY_COLUMNS.length; i++) {
      temp.append(i == 0 ? "" : ", ").append('"').append(STRATEGY_COLUMNS[i]).append("\" text");
    }
    temp.append(") ON COMMIT DELETE ROWS");
    try (Statement s = c.createStatement()) {
      s.execute(temp.toString());
      c.commit();
    }
    Timestamp ingested = Timestamp.from(Instant.now());
    long start = System.nanoTime();
    try (PreparedStatement statement = c.prepareStatement(merge)) {
      for (String[][] batch : arrays) {
        StringBuilder text = new StringBuilder(batch[0].length * 1100);
        for (int r = 0; r < batch[0].length; r++) {
          for (int i = 0; i < batch.length; i++) {
            text.append(i == 0 ? "" : "\t").append(batch[i][r] == null ? "\\N" : escape(batch[i][r]));
          }
          text.append('\n');
        }
        copy.copyIn("COPY pg_temp.incoming FROM STDIN (FORMAT text)",
            new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        statement.setTimestamp(1, ingested);
        statement.setObject(2, UUID.randomUUID());
        statement.executeUpdate();
        c.commit();
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  // ---------------------------------------------------------------- helpers

  static void verify(String schema) throws Exception {
    try (Connection c = jdbc(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM \"" + schema + "\".event_v2),"
            + " (SELECT count(*) FROM \"" + schema + "\".event_v2_copy),"
            + " (SELECT pg_size_pretty(pg_total_relation_size('\"" + schema + "\".event_v2')))")) {
      rs.next();
      System.out.printf("rows in event_v2: %d, in event_v2_copy: %d, loader table size: %s%n",
          rs.getLong(1), rs.getLong(2), rs.getString(3));
      if (rs.getLong(1) != rows || rs.getLong(2) != rows) {
        throw new IllegalStateException("row counts differ from " + rows);
      }
    }
  }

  /** utime+stime ticks of the loader, RabbitMQ (beam) and every PostgreSQL process, from /proc. */
  static long[] cpuTicks() throws Exception {
    long[] ticks = new long[3];
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path proc : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(proc.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          long pid = Long.parseLong(proc.getFileName().toString());
          if (pid == loaderPid) {
            ticks[0] += used;
          } else if (comm.startsWith("beam")) {
            ticks[1] += used;
          } else if (comm.equals("postgres")) {
            ticks[2] += used;
          }
        } catch (Exception gone) {
          // the process ended while we looked
        }
      }
    }
    return ticks;
  }

  static String memory(long pid) throws Exception {
    Map<String, String> status = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      String[] parts = line.split(":\\s+", 2);
      if (parts[0].equals("VmRSS") || parts[0].equals("VmHWM")) {
        status.put(parts[0], parts[1]);
      }
    }
    return "RSS " + status.get("VmRSS") + ", peak RSS " + status.get("VmHWM");
  }

  static DestinationSpec destination(String schema) {
    return new DestinationSpec(env("PGHOST", "127.0.0.1"), Integer.parseInt(env("PGPORT", "5432")),
        database, env("PGUSER", "postgres"), env("PGPASSWORD", ""), schema, "");
  }

  static Connection jdbc() throws Exception {
    DestinationSpec d = destination("unused");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + d.host() + ":" + d.port() + "/" + database, d.user(), d.password());
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
