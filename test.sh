#!/usr/bin/env bash
# Builds the solution once and runs every test: domain, services on SQLite and on a throwaway
# PostgreSQL started here (and stopped on any exit), components and browser tests.
# The last line is always "N passed, N failed"; the exit code is non-zero if anything failed.
# Usage: ./test.sh [extra dotnet test options, e.g. --filter-namespace 'Studio.Tests.Domain*']
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

as_root() { [ "$(id -u)" -eq 0 ]; }

# ---- what the tests need from the machine ----
if [ ! -x /usr/bin/chromium ]; then
  if as_root; then
    apt-get update && apt-get install -y chromium
  else
    echo "warning: /usr/bin/chromium is missing and this is not root; browser tests will fail" >&2
  fi
fi
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  if as_root; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  else
    echo "error: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); run as root or install it" >&2
    exit 1
  fi
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# ---- a throwaway PostgreSQL in a temp dir, stopped by its PID on any exit ----
D=$(mktemp -d)
cleanup() {
  if [ -f "$D/data/postmaster.pid" ]; then
    pid=$(head -1 "$D/data/postmaster.pid")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg() { # runs a PostgreSQL tool as the postgres user (PostgreSQL refuses to run as root)
  if as_root; then su postgres -c "cd / && $*"; else sh -c "$*"; fi
}
if as_root; then chown postgres: "$D"; fi
pg "$PG_BIN/initdb -D $D/data -U postgres --auth=trust -E UTF8" >"$D/initdb.log"

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=
for candidate in $(seq 55432 55482); do
  port_taken "$candidate" && continue
  if pg "$PG_BIN/pg_ctl -D $D/data -o '-p $candidate -k $D -c listen_addresses=127.0.0.1 -c fsync=off' -l $D/pg.log -w start" >/dev/null; then
    PORT=$candidate
    break
  fi
done
if [ -z "$PORT" ]; then
  echo "error: could not start PostgreSQL on any port 55432-55482; see the log below" >&2
  cat "$D/pg.log" >&2 || true
  exit 1
fi
export STUDIO_TEST_PG="Host=127.0.0.1;Port=$PORT;Username=postgres"
echo "PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$PORT"

# ---- build once, then test ----
dotnet restore Studio.sln
dotnet build Studio.sln -c Release --no-restore

status=0
dotnet test --solution Studio.sln -c Release --no-build --no-ansi --no-progress \
  --results-directory "$D/results" --report-xunit-trx "$@" || status=$?

# ---- the closing line CI counts, from the TRX files ----
passed=0
failed=0
found=0
for trx in "$D"/results/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
  count() { local v; v=$(echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
done
if [ "$found" -eq 0 ]; then
  echo "error: the test run wrote no TRX report (exit code $status)" >&2
  if [ "$status" -eq 0 ]; then status=1; fi
elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "error: the test run itself failed (exit code $status)" >&2
fi
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then status=1; fi
if [ "$failed" -gt 0 ]; then
  # The failures again at the end, where a CI log's tail shows them: the test's name and the
  # first lines of its message.
  echo "---- failed tests ----"
  for trx in "$D"/results/*.trx; do
    [ -f "$trx" ] || continue
    # perl-base is part of every Debian system; a TRX file is one long line.
    perl -0777 -ne '
      my %ent = (lt => "<", gt => ">", quot => "\"", apos => "\x27", amp => "&");
      # Split at each result: a passed result is often self-closing, so a regex spanning to
      # the next "</UnitTestResult>" would swallow the failed one that follows it.
      for my $chunk (split /<UnitTestResult\s/) {
        my ($attrs) = $chunk =~ /^((?:[^>"]|"[^"]*")*)>/ or next;
        next unless $attrs =~ /\boutcome="(Failed|Error|Timeout|Aborted)"/;
        my ($body) = $chunk =~ /^(?:[^>"]|"[^"]*")*>(.*?)(?:<\/UnitTestResult>|$)/s;
        my ($name) = $attrs =~ /\btestName="([^"]*)"/;
        my ($message) = ($body // "") =~ /<Message>(.*?)<\/Message>/s;
        my ($where) = ($body // "") =~ /<StackTrace>\s*(at [^\n]*)/s;
        for ($name, $message, $where) { $_ //= ""; s/&(lt|gt|quot|apos|amp);/$ent{$1}/g; }
        my @lines = split /\n/, $message;
        print "FAILED $name\n";
        print "    $_\n" for @lines[0 .. ($#lines < 7 ? $#lines : 7)];
        print "    $where\n" if $where ne "";
      }
    ' "$trx"
  done
fi
echo "$passed passed, $failed failed"
exit "$status"
