# Build: a static Swift standard library keeps the runtime image small.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libargon2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Plugins ./Plugins
COPY Migrations ./Migrations
COPY Tests ./Tests
RUN swift build -c release --product tokenledger --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/tokenledger" /tokenledger

# Run: migrations are compiled into the binary; DATABASE_URL names the server.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libargon2-1 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home tokenledger
COPY --from=build /tokenledger /usr/local/bin/tokenledger
USER 10001
# DL3064 reads "TOKEN" in TOKENLEDGER_ as a secret; these are a host, a port and a format.
# hadolint ignore=DL3064
ENV TOKENLEDGER_HOST=0.0.0.0 TOKENLEDGER_PORT=8080 LOG_FORMAT=json
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tokenledger"]
CMD ["serve"]
