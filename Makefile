# rekfilter — `make demo` and `make test` are all a newcomer needs (see README.md).
SWIFT   ?= swift
PREFIX  ?= /usr/local
RELEASE := .build/release/rekfilter

.PHONY: all deps build release test check lint format fuzz bench demo install uninstall deb clean

all: build

## deps: install every Debian and PyPI package the project needs (idempotent, quiet when present)
deps:
	@scripts/timed.sh deps scripts/deps.sh

## build: debug build of the library, the tool and the tests
build: deps
	@scripts/timed.sh "debug build" $(SWIFT) build --build-tests

## release: the optimised binary at .build/release/rekfilter (Swift runtime linked in:
## no Swift shared libraries to load at start-up, nor to install)
release: deps
	@scripts/timed.sh "release build" $(SWIFT) build $(RELEASE_FLAGS)

# Relative relocations packed (DT_RELR: 9 KB to apply at start-up instead of 1 MB) by GNU ld,
# which also marks the binary as needing a glibc that applies them (2.36); libstdc++ from its
# static archive (scripts/link).
RELEASE_FLAGS := -c release --static-swift-stdlib --disable-local-rpath -Xswiftc -use-ld=bfd \
  -Xlinker -z -Xlinker pack-relative-relocs -Xlinker -L$(CURDIR)/scripts/link

## test: the formatter's lint, unit tests, end-to-end tests of the release binary (the one that
## ships), a short fuzzing pass over every parser, and the package (scripts/test.sh)
test: lint build release
	@SWIFT=$(SWIFT) REKFILTER_BIN=$(CURDIR)/$(RELEASE) scripts/test.sh

## check: the fast unit tests alone (in process: no other process, no server, no network)
check: build
	$(SWIFT) test --skip-build --filter 'RekFilterTests\.|AWSCoreTests\.'

## lint: swift-format (configuration in .swift-format) must find nothing; `make format` fixes most
lint:
	@scripts/timed.sh lint $(SWIFT) format lint --strict -r Sources Tests Package.swift

## format: rewrites the sources as swift-format lays them out
format:
	$(SWIFT) format format -i -r Sources Tests Package.swift

## fuzz: libFuzzer + AddressSanitizer over every parser, FUZZ_SECONDS each (default 60), an
## optimised build, a target per core at a time
fuzz: deps
	scripts/fuzz.sh

## bench: side-by-side timings against the reference tools (see bench/README.md)
bench: release
	@scripts/bench.sh

## demo: build, run rekfilter on an example image, write the results under demo/
demo: release
	@scripts/demo.sh

## install: the stripped binary, the shipped plugins (PREFIX/lib/rekfilter/plugins), its man
## page and bash/zsh/fish completions under PREFIX
INSTALLED := bin/rekfilter lib/rekfilter/plugins/rekfilter-format-yolo lib/rekfilter/plugins/rekfilter-format-voc \
  lib/rekfilter/plugins/rekfilter-format-labelstudio share/man/man1/rekfilter.1 \
  share/bash-completion/completions/rekfilter share/zsh/site-functions/_rekfilter \
  share/fish/vendor_completions.d/rekfilter.fish
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d .build/man
	install -m 755 -s $(RELEASE) $(DESTDIR)$(PREFIX)/bin/rekfilter
	install -d $(DESTDIR)$(PREFIX)/lib/rekfilter/plugins
	install -m 755 -s .build/release/rekfilter-format-yolo $(DESTDIR)$(PREFIX)/lib/rekfilter/plugins/
	install -m 755 plugins/rekfilter-format-voc plugins/rekfilter-format-labelstudio $(DESTDIR)$(PREFIX)/lib/rekfilter/plugins/
	[ .build/man/rekfilter.1 -nt $(RELEASE) ] && [ .build/man/rekfilter.1 -nt scripts/man-page.py ] || scripts/man-page.py $(RELEASE) > .build/man/rekfilter.1
	install -m 644 .build/man/rekfilter.1 $(DESTDIR)$(PREFIX)/share/man/man1/rekfilter.1
	$(RELEASE) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/rekfilter
	$(RELEASE) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_rekfilter
	$(RELEASE) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/rekfilter.fish

## uninstall: removes exactly what install put (and the plugin folder if it is left empty)
uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALLED))
	-rmdir $(DESTDIR)$(PREFIX)/lib/rekfilter/plugins $(DESTDIR)$(PREFIX)/lib/rekfilter 2>/dev/null

## deb: a Debian package, .build/rekfilter_VERSION_ARCH.deb (see scripts/deb.sh)
deb: release
	@scripts/deb.sh

clean:
	rm -rf .build .build-fuzz demo bench/out
