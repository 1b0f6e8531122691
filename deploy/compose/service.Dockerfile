# Image of one kvsync service, built from its Quarkus fast-jar. The build context is the module's
# target/quarkus-app directory (run `mvn -B package -DskipTests` first), e.g.
#   docker build -f deploy/compose/service.Dockerfile -t kvsync/loader-service:dev loader-service/target/quarkus-app
FROM eclipse-temurin:17-jre
# Four layers from the least to the most often changed, as Quarkus lays them out.
COPY --chown=185:185 lib/ /deployments/lib/
COPY --chown=185:185 *.jar /deployments/
COPY --chown=185:185 app/ /deployments/app/
COPY --chown=185:185 quarkus/ /deployments/quarkus/
# A numeric user, so that Kubernetes can verify runAsNonRoot; the root filesystem may be read-only.
USER 185
# Heap sized from the container's memory limit; an OutOfMemoryError ends the process, so that
# Kubernetes or Compose restarts it instead of it limping on.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/deployments/quarkus-run.jar"]
