# syntax=docker/dockerfile:1
# Turnpike image: built with Maven, run on the Temurin 25 JRE. See docs/operations.md.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY api/pom.xml api/
COPY workflows/src workflows/src
COPY activities/src activities/src
COPY api/src api/src
# The cache mount keeps downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests install

FROM eclipse-temurin:25-jre
RUN useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin turnpike
WORKDIR /app
# turnpike.jar finds its dependencies through its manifest class path: lib/ next to the jar.
COPY --from=build /src/api/target/turnpike.jar /app/turnpike.jar
COPY --from=build /src/api/target/lib/ /app/lib/
USER turnpike
ENV TURNPIKE_HTTP_PORT=8080 \
    TURNPIKE_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/turnpike.jar"]
