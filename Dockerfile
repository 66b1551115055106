# regionsim in a container: a build stage with the compilers and -dev
# packages, and a small runtime stage with only the shared libraries.
#   docker build -t regionsim .
#   docker run --rm -v "$PWD/scenarios:/scenarios" regionsim run shop.yaml -o out
# The mounted directory is the working directory: scenarios are read from it
# and the reports are written into it.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake pkg-config libgsl-dev libyaml-dev libcairo2-dev libcmocka-dev nettle-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rm -rf build build-* out \
 && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j "$(nproc)" --target regionsim \
 && cmake --install build --prefix /opt/regionsim

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgsl27 libyaml-0-2 libcairo2 libnettle8 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/regionsim /usr/local
WORKDIR /scenarios
ENTRYPOINT ["regionsim"]
CMD ["--help"]
