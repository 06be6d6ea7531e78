# rekfilter in a container (ECS, EKS, AWS Batch): built on the Swift image, run on Debian slim
# with the Debian package installed. Not built in this repository's CI (it has no registry or
# Docker daemon): `make deb` and its checks are what is tested here.
#
#   docker build -t rekfilter .
#   docker run --rm -i -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY \
#     rekfilter -m "$ARN" < photo.jpg > boxed.png
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libjpeg62-turbo-dev libpng-dev zlib1g-dev libcurl4-openssl-dev libfreetype-dev pkgconf dpkg-dev make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN REKFILTER_SKIP_DEPS=1 scripts/deb.sh > /tmp/deb-path && cp "$(cat /tmp/deb-path)" /tmp/rekfilter.deb

FROM debian:bookworm-slim
COPY --from=build /tmp/rekfilter.deb /tmp/rekfilter.deb
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      /tmp/rekfilter.deb ca-certificates \
    && rm -rf /var/lib/apt/lists/* /tmp/rekfilter.deb
# No root needed: rekfilter reads stdin and writes stdout.
USER nobody
ENTRYPOINT ["rekfilter"]
