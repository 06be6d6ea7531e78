# rekfilter — `make demo` and `make test` are all a newcomer needs (see README.md).
SWIFT   ?= swift
PREFIX  ?= /usr/local
RELEASE := .build/release/rekfilter

.PHONY: all deps build release test bench demo install clean

all: build

## deps: install every Debian and PyPI package the project needs (idempotent, quiet when present)
deps:
	@scripts/deps.sh

## build: debug build of the library, the tool and the tests
build: deps
	$(SWIFT) build --build-tests

## release: the optimised binary at .build/release/rekfilter (Swift runtime linked in:
## no Swift shared libraries to load at start-up, nor to install)
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

## test: unit tests and end-to-end tests of the real binary
test: build
	$(SWIFT) test --skip-build

## bench: side-by-side timings against the reference tools (see bench/README.md)
bench: release
	@scripts/bench.sh

## demo: build, run rekfilter on an example image, write the results under demo/
demo: release
	@scripts/demo.sh

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(RELEASE) $(DESTDIR)$(PREFIX)/bin/rekfilter

clean:
	rm -rf .build demo bench/out
