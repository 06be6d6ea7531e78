#!/usr/bin/env python3
"""Writes rekfilter(1) in mdoc from the binary's own command tree (`--experimental-dump-help`),
so the man page knows every command and flag the binary does — `rekfilter model start`
included — with the sections ArgumentParser's generator lacks (exit statuses, environment,
files, examples), and typography mandoc lints clean (en dashes as \\(en, no raw non-ASCII).
    scripts/man-page.py [BINARY] > rekfilter.1"""
import json, re, subprocess, sys
from pathlib import Path

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/rekfilter"
tree = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True).stdout)["command"]
root = Path(__file__).resolve().parent.parent
version = re.search(r'static let string = "([^"]+)"', (root / "Sources/RekFilter/Version.swift").read_text()).group(1)
dated = re.search(r"^## " + re.escape(version) + r" — (\d{4})-(\d{2})-(\d{2})", (root / "CHANGELOG.md").read_text(), re.M)
months = "January February March April May June July August September October November December".split()
date = f"{months[int(dated.group(2)) - 1]} {int(dated.group(3))}, {dated.group(1)}" if dated else "$Mdocdate$"


def text(s):
    """A line of running text: roff's escapes, non-ASCII as \\[uXXXX], no line starting with a control character."""
    out = []
    for ch in s.replace("\\", "\\e"):
        if ch == "–":
            out.append("\\(en")
        elif ch == "—":
            out.append("\\(em")
        elif ch == "×":
            out.append("\\(mu")
        elif ord(ch) > 127:
            out.append("\\[u%04X]" % ord(ch))
        else:
            out.append(ch)
    line = "".join(out)
    return "\\&" + line if line[:1] in (".", "'") else line


def sentences(line):
    """Running text, one sentence a line (mdoc's rule)."""
    return [text(part) for part in re.split(r"(?<=[.?!:]) (?=[A-Z`(\"])", line.strip()) if part]


def paragraphs(s, first=False):
    """Blank-line separated blocks: indented lines are literal displays, the rest running text.
    `first`: right after a section heading, which needs no paragraph break."""
    lines = []
    for block in s.strip().split("\n\n"):
        block_lines = [l for l in block.split("\n") if l.strip()]
        lead = [l for l in block_lines if not l.startswith("  ")]
        if lead and lead == block_lines[: len(lead)]:
            lines += ([] if first and not lines else [".Pp"]) + [t for l in lead for t in sentences(l)]
        rest = block_lines[len(lead):] if lead == block_lines[: len(lead)] else block_lines
        if rest:
            lines += [".Bd -literal -offset indent"] + [text(l[2:] if l.startswith("  ") else l) for l in rest] + [".Ed"]
    return lines


def flag(name):
    return ("Fl " if name["kind"] == "short" else "Fl -") + name["name"] if name["kind"] != "longWithSingleDash" else "Fl " + name["name"]


def options(command):
    """.Bl lists of a command's flags, under their section titles."""
    out, section = [], None
    shown = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True) and a["kind"] in ("option", "flag")]
    for a in shown:
        if a.get("sectionTitle", "Options") != section:
            if section is not None:
                out.append(".El")
            section = a.get("sectionTitle", "Options")
            out += [".Ss " + text(section), ".Bl -tag -width Ds"]
        names = " , ".join(flag(n) for n in a.get("names", []))
        value = (" Ar " + text(a["valueName"])) if a["kind"] == "option" and a.get("valueName") else ""
        out.append(".It " + names + value)
        help_text = a.get("abstract", "")
        if a.get("defaultValue") and a["kind"] == "option":
            help_text += f" (default: {a['defaultValue']})"
        out += sentences(help_text)
        if a.get("discussion"):
            out += paragraphs(a["discussion"] if isinstance(a["discussion"], str) else "")
    if section is not None:
        out.append(".El")
    return out


def positionals(command):
    return [a for a in command.get("arguments", []) if a["kind"] == "positional" and a.get("shouldDisplay", True)]


out = [f".Dd {date}", ".Dt REKFILTER 1", ".Os", ".Sh NAME", ".Nm rekfilter", ".Nd " + text(tree["abstract"].rstrip("."))]
model = next(s for s in tree["subcommands"] if s["commandName"] == "model")
out += [".Sh SYNOPSIS", ".Nm", ".Op Ar options", ".Ar < image", ".Nm", ".Fl -list-formats | -list-detectors | -version"]
for sub in model["subcommands"]:
    if sub["commandName"] == "help":
        continue
    out += [".Nm", ".Cm model " + sub["commandName"], ".Op Ar options"]
    for p in positionals(sub):
        out += [".Fl -", ".Ar " + text(p.get("valueName", "arg")) + " ..."]
# The other commands (batch, eval): each with its positional arguments.
others = [s for s in tree["subcommands"] if s["commandName"] not in ("model", "help")]
for sub in others:
    out += [".Nm", ".Cm " + sub["commandName"], ".Op Ar options"]
    for p in positionals(sub):
        out += [".Ar " + text(p.get("valueName", "arg")) + " ..."]
out += [".Sh DESCRIPTION"] + paragraphs(tree.get("discussion", ""), first=True)
out += options(tree)
out += [".Sh COMMANDS", ".Bl -tag -width Ds", ".It Cm model", text(model["abstract"])] + paragraphs(model.get("discussion", ""))
for sub in others:
    out += [".It Cm " + sub["commandName"], text(sub["abstract"])]
out += [".El"]
for sub in model["subcommands"]:
    if sub["commandName"] == "help":
        continue
    out += [".Ss rekfilter model " + sub["commandName"], text(sub["abstract"])] + paragraphs(sub.get("discussion", "")) + options(sub)
for sub in others:
    out += [".Ss rekfilter " + sub["commandName"], text(sub["abstract"])] + paragraphs(sub.get("discussion", "")) + options(sub)
environment = [("REKFILTER_MODEL", "the model version ARN when -m is not given"),
               ("REKFILTER_PLUGIN_PATH", "colon-separated folders searched first for plugins"),
               ("AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN", "credentials, first in the chain"),
               ("AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION", "the profile and region, as the AWS CLI reads them"),
               ("AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE", "the shared files (default ~/.aws/config, ~/.aws/credentials)"),
               ("AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_REKOGNITION", "another endpoint (a local emulator)"),
               ("AWS_MAX_ATTEMPTS, AWS_RETRY_MODE", "retries (standard or adaptive)"),
               ("AWS_CA_BUNDLE, HTTPS_PROXY, NO_PROXY", "TLS trust and proxies")]
out += [".Sh ENVIRONMENT", ".Bl -tag -width Ds"]
for name, meaning in environment:
    out += [".It Ev " + name.replace(", ", " , Ev "), text(meaning)]
out += [".El", ".Sh FILES", ".Bl -tag -width Ds", ".It Pa ~/.aws/config , Pa ~/.aws/credentials",
        "profiles, regions, roles, IAM Identity Center sessions", ".It Pa PREFIX/lib/rekfilter/plugins",
        "the shipped plugins (yolo, voc, labelstudio), found beside the binary", ".El"]
statuses = [("0", "success (also when nothing was detected, unless -e)"), ("1", "-e and no label kept"),
            ("64", "usage: a bad flag or value, a malformed ARN, binary output to a terminal, an unknown format or detector"),
            ("65", "a bad image: not PNG or JPEG, corrupt, truncated, too small, too elongated, a decompression bomb; the service's InvalidImageFormat, ImageTooLarge (after one shrink), InvalidParameter"),
            ("66", "no input: empty stdin, stdin a terminal, an unreadable --detections file, InvalidS3Object"),
            ("69", "unavailable: the model or resource not found or not running, host unreachable, DNS, TLS; a plugin whose handshake fails; a model that ends in FAILED"),
            ("70", "internal error; a plugin that exits non-zero, dies, or breaks the protocol while running"),
            ("74", "cannot write the output (a closed pipe is not an error: rekfilter stops quietly)"),
            ("75", "temporary: throttling, capacity, 5xx, timeouts after the last attempt; a wait that times out"),
            ("77", "not permitted: AccessDenied, an invalid signature, an unrecognized client, an expired token"),
            ("78", "configuration: no credentials, no region, an unreadable or malformed AWS config file"),
            ("126, 127", "model run: the command cannot be run or is not found (nothing is started)"),
            ("128+n", "ended by signal n (130 for SIGINT, 143 for SIGTERM); model run: the command's own status")]
out += [".Sh EXIT STATUS", "In a stream the run goes on past a failed frame (unless", ".Fl -on-error Cm abort ) ,",
        "then exits with the status of the first frame that failed.", ".Bl -tag -width Ds"]
for code, meaning in statuses:
    out += [".It " + code, text(meaning)]
out += [".El"]
out += [".Sh EXAMPLES", ".Bd -literal -offset indent", text('rekfilter -m "$ARN" < photo.jpg > boxed.png'),
        text('rekfilter -m "$ARN" -f json < photo.jpg | jq \'.CustomLabels[].Name\''),
        text('rekfilter model run -m "$ARN" -- sh -c \'rekfilter < a.jpg > a.png\''), ".Ed"]
out += [".Sh SEE ALSO", ".Xr aws 1 , Xr ffmpeg 1"]
print("\n".join(out))
