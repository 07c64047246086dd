# One image per service: docker build --build-arg MODULE=vault-service -t latchkey/vault-service .
# Build the jars first: ./mvnw -DskipTests package
FROM eclipse-temurin:17-jre
ARG MODULE
RUN useradd --system --uid 10001 latchkey
WORKDIR /app
COPY ${MODULE}/target/${MODULE}-*[0-9T].jar /app/service.jar
USER latchkey
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.latchkey.schemas"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
