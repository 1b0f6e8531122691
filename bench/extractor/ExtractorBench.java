import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.kvsync.common.contract.CursorWindow;
import io.kvsync.common.contract.SyncCommand;
import io.kvsync.common.contract.SyncKind;
import io.kvsync.common.contract.WireFormat;
import io.kvsync.common.secret.DestinationSpec;
import io.kvsync.common.secret.SealedPlace;
import io.kvsync.common.secret.SecretCipher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drives bench/extractor/run.sh: sends event_v2 historical windows to the extractor, then samples
 * its Prometheus counters and resident memory every five seconds for the run's duration and prints
 * the use of the events tier's steady limit (3,500/min), the 429 share and the memory figures.
 */
public class ExtractorBench {

  private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final String DEMO_KEY = "pk_emulator_demo_key_0001";
  private static final int STEADY_PER_MINUTE = 3500;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Sample(double seconds, double ok, double throttled, double other, double events, long rssKb) {}

  public static void main(String[] args) throws Exception {
    String emulator = arg(args, "--emulator");
    String metrics = arg(args, "--metrics");
    long pid = Long.parseLong(arg(args, "--extractor-pid"));
    int duration = Integer.parseInt(arg(args, "--duration"));
    int windows = Integer.parseInt(arg(args, "--windows"));

    // The emulator's events lie in the 90 days before its anchor.
    Instant to = Instant.parse("2026-07-01T00:00:00Z");
    Instant from = to.minus(Duration.ofDays(90));
    SecretCipher cipher = SecretCipher.fromBase64Key(MASTER_KEY);
    String destination =
        new DestinationSpec("127.0.0.1", 5432, "kvsync_bench", "postgres", "", "klaviyo", "")
            .seal(cipher);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    try (Connection connection = factory.newConnection("extractor-bench");
        Channel channel = connection.createChannel()) {
      channel.queuePurge("bench-extractor.extractor.commands"); // leftovers of an aborted run
      long step = Duration.between(from, to).toSeconds() / windows;
      for (int i = 0; i < windows; i++) {
        Instant windowFrom = from.plusSeconds(step * i);
        Instant windowTo = i == windows - 1 ? to : from.plusSeconds(step * (i + 1));
        SyncCommand command =
            new SyncCommand(
                SyncCommand.SCHEMA_VERSION,
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "event_v2",
                SyncKind.HISTORICAL,
                1,
                new CursorWindow("datetime", windowFrom, windowTo),
                null,
                cipher.encrypt(DEMO_KEY, SealedPlace.BUS_SOURCE_CREDENTIAL),
                destination,
                1.0,
                Instant.now(),
                3600,
                null);
        channel.basicPublish(
            "bench-extractor.sync.commands",
            "extract",
            new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build(),
            WireFormat.encode(command));
      }
    }
    System.out.printf("sent %d event_v2 windows over %s .. %s%n", windows, from, to);

    long started = System.nanoTime();
    List<Sample> samples = new ArrayList<>();
    System.out.println("   t(s)  requests-200  429s  other  events-read  extractor-RSS(MB)");
    while (true) {
      double t = (System.nanoTime() - started) / 1e9;
      Sample sample = sample(metrics, pid, t);
      samples.add(sample);
      System.out.printf(
          "%7.0f %13.0f %5.0f %6.0f %12.0f %18.1f%n",
          t, sample.ok(), sample.throttled(), sample.other(), sample.events(), sample.rssKb() / 1024.0);
      if (t >= duration) {
        break;
      }
      Thread.sleep(5000);
    }

    // Counted from the first sample: a previous aborted run's requeued windows may have started.
    Sample first = samples.get(0);
    Sample end = samples.get(samples.size() - 1);
    Sample last =
        new Sample(
            end.seconds(),
            end.ok() - first.ok(),
            end.throttled() - first.throttled(),
            end.other() - first.other(),
            end.events() - first.events(),
            end.rssKb());
    double minutes = last.seconds() / 60.0;
    double requests = last.ok() + last.throttled() + last.other();
    Sample oneMinute = samples.stream().filter(s -> s.seconds() >= 60).findFirst().orElse(samples.get(0));
    double steadyMinutes = (last.seconds() - oneMinute.seconds()) / 60.0;
    double steadyRequests =
        (end.ok() + end.throttled() + end.other())
            - (oneMinute.ok() + oneMinute.throttled() + oneMinute.other());
    long rssMin = samples.stream().skip(2).mapToLong(Sample::rssKb).min().orElse(0);
    long rssMax = samples.stream().skip(2).mapToLong(Sample::rssKb).max().orElse(0);
    System.out.println();
    System.out.printf(
        "whole run:   %.0f requests in %.1f min = %.0f/min = %.1f%% of the steady limit (3,500/min)%n",
        requests, minutes, requests / minutes, 100 * requests / minutes / STEADY_PER_MINUTE);
    System.out.printf(
        "after min 1: %.0f requests in %.1f min = %.0f/min = %.1f%% of the steady limit%n",
        steadyRequests,
        steadyMinutes,
        steadyRequests / steadyMinutes,
        100 * steadyRequests / steadyMinutes / STEADY_PER_MINUTE);
    System.out.printf(
        "429s: %.0f of %.0f requests = %.2f%%; other failures %.0f%n",
        last.throttled(), requests, 100 * last.throttled() / Math.max(1, requests), last.other());
    System.out.printf("events read: %.0f (%.0f/s)%n", last.events(), last.events() / last.seconds());
    System.out.printf(
        "extractor RSS after warm-up: min %.1f MB, max %.1f MB%n", rssMin / 1024.0, rssMax / 1024.0);
    System.out.printf(
        "machine load average at the end: %s%n",
        Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private static Sample sample(String metrics, long pid, double t) throws Exception {
    String text =
        HTTP.send(HttpRequest.newBuilder(URI.create(metrics)).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    double ok = 0;
    double throttled = 0;
    double other = 0;
    double events = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("kvsync_klaviyo_requests_total{") && line.contains("tier=\"xl\"")) {
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (line.contains("status=\"200\"")) {
          ok += value;
        } else if (line.contains("status=\"429\"")) {
          throttled += value;
        } else {
          other += value;
        }
      } else if (line.startsWith("kvsync_records_extracted_total{") && line.contains("object=\"event_v2\"")) {
        events += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return new Sample(t, ok, throttled, other, events, rss);
  }

  private static String arg(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("missing " + name);
  }
}
