package io.kvsync.scheduler.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.kvsync.common.bus.BusTls;
import io.kvsync.scheduler.config.SchedulerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Queue depth and consumer count of every queue of the bus, from passive declares (which never
 * create a queue), as {@code kvsync_queue_messages} and {@code kvsync_queue_consumers}. A queue
 * that does not exist yet reads 0.
 */
@ApplicationScoped
public class QueueDepths {

  private static final Logger LOG = Logger.getLogger(QueueDepths.class);

  @Inject SchedulerConfig config;
  @Inject MeterRegistry registry;
  @Inject BusTls tls;

  @ConfigProperty(name = "rabbitmq-host")
  String host;

  @ConfigProperty(name = "rabbitmq-port")
  int port;

  @ConfigProperty(name = "rabbitmq-username")
  String username;

  @ConfigProperty(name = "rabbitmq-password")
  String password;

  @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/")
  String virtualHost;

  private final Map<String, AtomicLong> messages = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> consumers = new ConcurrentHashMap<>();
  private Connection connection;

  void register(@Observes StartupEvent startup) {
    for (String queue : config.metrics().queues()) {
      AtomicLong depth = new AtomicLong();
      AtomicLong count = new AtomicLong();
      messages.put(queue, depth);
      consumers.put(queue, count);
      Gauge.builder("kvsync.queue.messages", depth, AtomicLong::get)
          .description("Messages ready in the queue")
          .tag("queue", queue)
          .register(registry);
      Gauge.builder("kvsync.queue.consumers", count, AtomicLong::get)
          .description("Consumers attached to the queue")
          .tag("queue", queue)
          .register(registry);
    }
  }

  @Scheduled(
      every = "${kvsync.metrics.queue-poll-interval:15s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    try {
      Connection open = connection();
      for (String queue : messages.keySet()) {
        try (Channel channel = open.createChannel()) {
          AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
          messages.get(queue).set(ok.getMessageCount());
          consumers.get(queue).set(ok.getConsumerCount());
        } catch (java.io.IOException missing) {
          // A passive declare of a queue nobody declared yet closes the channel: it holds nothing.
          messages.get(queue).set(0);
          consumers.get(queue).set(0);
        }
      }
    } catch (Exception e) {
      LOG.debugf("Cannot read queue depths: %s", e.toString());
      closeQuietly();
    }
  }

  private synchronized Connection connection() throws Exception {
    if (connection == null || !connection.isOpen()) {
      // AMQPS like the connector's channels when the bus settings say so.
      ConnectionFactory factory = tls.configure(new ConnectionFactory());
      factory.setHost(host);
      factory.setPort(port);
      factory.setUsername(username);
      factory.setPassword(password);
      factory.setVirtualHost(virtualHost);
      connection = factory.newConnection("kvsync-scheduler-queue-depths");
    }
    return connection;
  }

  void close(@Observes ShutdownEvent shutdown) {
    closeQuietly();
  }

  private synchronized void closeQuietly() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (Exception ignored) {
      // closing anyway
    } finally {
      connection = null;
    }
  }
}
