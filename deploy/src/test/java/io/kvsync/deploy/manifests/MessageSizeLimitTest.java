package io.kvsync.deploy.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kvsync.common.bus.BusLimits;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One bus message limit everywhere: every service's clients accept what every broker of the
 * deployments accepts, and that holds a record of the largest size kvsync loads.
 */
class MessageSizeLimitTest {

  private static final Pattern BROKER_SETTING =
      Pattern.compile("(?m)^\\s*max_message_size\\s*=\\s*(\\d+)\\s*$");
  private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z0-9_]+:(\\d+)}|(\\d+)");

  /** The image sizes the heap from the container's limit (deploy/compose/service.Dockerfile). */
  private static final double HEAP_SHARE = 0.75;

  /** A page with a record near the limit, its copy and its batch's message, with room to spare. */
  private static final long RECORDS_THE_EXTRACTOR_HEAP_HOLDS = 8;

  @Test
  void everyServiceReadsTheBusLimitThatHoldsTheLargestRecord() {
    assertTrue(
        BusLimits.DEFAULT_MAX_MESSAGE_BYTES > BusLimits.MAX_RECORD_BYTES,
        "a batch of one record of the largest size fits in a message");
    for (String service : ServiceConfiguration.SERVICES) {
      String setting =
          ServiceConfiguration.of(service).settings().get(BusLimits.MAX_MESSAGE_BYTES_SETTING);
      assertNotNull(setting, service + " sets " + BusLimits.MAX_MESSAGE_BYTES_SETTING);
      Matcher value = DEFAULTED.matcher(setting);
      assertTrue(value.matches(), service + ": " + setting);
      long bytes = Long.parseLong(value.group(1) != null ? value.group(1) : value.group(2));
      assertEquals(BusLimits.DEFAULT_MAX_MESSAGE_BYTES, bytes, service);
    }
  }

  @Test
  void everyBrokerOfTheDeploymentsAcceptsMessagesOfTheBusLimit() {
    for (Path file :
        new Path[] {
          DeployTree.deploy().resolve("compose/rabbitmq.conf"),
          DeployTree.kubernetes().resolve("base/rabbitmq.yaml")
        }) {
      Matcher setting = BROKER_SETTING.matcher(DeployTree.read(file));
      assertTrue(setting.find(), file + " sets max_message_size");
      assertEquals(
          BusLimits.DEFAULT_MAX_MESSAGE_BYTES, Long.parseLong(setting.group(1)), file.toString());
    }
    String local = DeployTree.read(DeployTree.deploy().resolve("local/services.sh"));
    assertTrue(
        local.contains(
            "MAX_MESSAGE_SIZE_BYTES=${MAX_MESSAGE_SIZE_BYTES:-"
                + BusLimits.DEFAULT_MAX_MESSAGE_BYTES
                + "}"),
        "deploy/local/services.sh sets the local broker's max_message_size");
    for (String runner : new String[] {"deploy/local/run.sh", ".ci/run"}) {
      assertTrue(
          DeployTree.read(DeployTree.repositoryRoot().resolve(runner))
              .contains("ensure_max_message_size"),
          runner + " sets the broker's max_message_size");
    }
  }

  @Test
  void theExtractorsHeapHoldsARecordOfTheLargestSize() {
    Deployment extractor =
        KubernetesManifests.resourcesOfType(Deployment.class).stream()
            .filter(d -> d.getMetadata().getName().equals("extractor-service"))
            .findFirst()
            .orElseThrow();
    Container container = extractor.getSpec().getTemplate().getSpec().getContainers().get(0);
    Quantity limit = container.getResources().getLimits().get("memory");
    long heap = (long) (Quantity.getAmountInBytes(limit).longValue() * HEAP_SHARE);
    assertTrue(
        heap >= RECORDS_THE_EXTRACTOR_HEAP_HOLDS * BusLimits.MAX_RECORD_BYTES,
        "the extractor's heap of " + heap + " bytes holds a record of the largest size");
  }
}
