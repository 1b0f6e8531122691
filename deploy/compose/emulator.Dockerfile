# Image of the Klaviyo emulator (a shaded jar, not a Quarkus application). The build context is
# klaviyo-emulator/target (run `mvn -B package -DskipTests` first), e.g.
#   docker build -f deploy/compose/emulator.Dockerfile -t kvsync/klaviyo-emulator:dev klaviyo-emulator/target
FROM eclipse-temurin:17-jre
COPY --chown=185:185 klaviyo-emulator.jar /deployments/klaviyo-emulator.jar
USER 185
# Heap sized from the container's memory limit; an OutOfMemoryError ends the process, so that
# Kubernetes or Compose restarts it instead of it limping on.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/deployments/klaviyo-emulator.jar"]
