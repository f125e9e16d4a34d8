#!/usr/bin/env bash
# One-off measurement (ADR-006): how long a failed sign-in takes for a real account and for an unknown
# e-mail, through the real form, with the limits set out of the way. Prints the medians in ms.
# Usage: scripts/measure-signin.sh [path/to/Studio.Web.dll]   (build Release first)
set -euo pipefail
DLL=${1:-Studio.Web/bin/Release/net10.0/Studio.Web.dll}
PORT=${PORT:-5391}
D=$(mktemp -d)
trap 'kill "$APP" 2>/dev/null || true; rm -rf "$D"' EXIT
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$PORT" Database__Provider=Sqlite \
  ConnectionStrings__Studio="Data Source=$D/studio.db" Demo__Seed=true Logging__LogLevel__Default=Warning \
  RateLimits__SignInPerMinute=100000 RateLimits__SignInFailuresPerAddress=100000 RateLimits__SignInFreeFailures=100000 \
  RateLimits__SignInLockAddresses=100000 RateLimits__SignInLockFailures=100000 \
  dotnet "$DLL" > "$D/app.log" 2>&1 &
APP=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
BASE="http://127.0.0.1:$PORT/account/login"
token() { curl -s -c "$D/jar" -b "$D/jar" "$BASE" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1; }
post() { # email -> seconds
  curl -s -o /dev/null -w '%{time_total}\n' -c "$D/jar" -b "$D/jar" --data-urlencode "_handler=login" \
    --data-urlencode "__RequestVerificationToken=$T" --data-urlencode "Input.Email=$1" \
    --data-urlencode "Input.Password=not-the-password-123" "$BASE"
}
T=$(token)
post "warm-up@nowhere.test" >/dev/null; post "owner@studio.demo" >/dev/null; post "warm-up@nowhere.test" >/dev/null
ACCOUNTS="owner manager1 manager2 manager3 teacher1 teacher2 teacher3 teacher4"
: > "$D/real"; : > "$D/unknown"
for round in 1 2 3; do   # at most 4 failures per account: the old code locks at the 5th
  for a in $ACCOUNTS; do
    post "$a@studio.demo" >> "$D/real"
    post "nobody-$round-$a@studio.demo" >> "$D/unknown"
  done
done
median() { sort -n "$1" | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.1f ms (n=%d, min %.1f, max %.1f)\n", m*1000, NR, v[1]*1000, v[NR]*1000}'; }
echo "real account, wrong password: $(median "$D/real")"
echo "unknown e-mail:               $(median "$D/unknown")"
