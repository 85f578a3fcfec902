#!/bin/bash
# Build time of a console app on GitHub's OpenAPI document (13 MB, ~1,100 operations), as a user gets it: the
# SliceClientGen package packed from this checkout into a local folder, a new console app outside the repository
# that references it and lists the document. Times a cold build (restore separately), a rebuild after a one-line
# Program.cs edit, and a rebuild after editing one schema's description: wall time and CPU seconds (user+sys) of each
# build; the generator's and the analyzers' own times from binary logs, with the analyzers that take 1% or more of it.
# The packages are packed from the working tree (uncommitted changes included: the summary says so).
# By default no compiler server and no reused MSBuild nodes: every process of a build is a child of `dotnet build`, so
# its CPU time is counted. With --compiler-server the builds use the compiler server as the SDK does by default (not
# running before the cold build, so the cold build starts it; the edits reuse it, warm, with its cached generator
# state); CPU is then the whole machine's (user+sys from /proc/stat), so run it on an otherwise idle machine.
# Usage: benchmarks/scale/build-time.sh [--compiler-server] [output-directory]  (~10 min on 2 idle cores)
set -euo pipefail
server=false
if [ "${1:-}" = "--compiler-server" ]; then server=true; shift; fi
export UseSharedCompilation=$server MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$repo/artifacts/build-time}")
rm -rf "$out"; mkdir -p "$out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
packages=$work/packages app=$work/GitHubApp
tree=$(git -C "$repo" diff --quiet HEAD && echo "" || echo " plus uncommitted changes")
echo "commit $(git -C "$repo" rev-parse --short HEAD)$tree, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), compiler server: $server" | tee "$out/summary.txt"

dotnet pack "$repo/runtime/SliceClientGen.Runtime" -c Release -o "$packages" > "$out/pack.log" 2>&1
dotnet pack "$repo/generator/SliceClientGen" -c Release -o "$packages" >> "$out/pack.log" 2>&1
version=$(basename "$(ls "$packages"/SliceClientGen.[0-9]*.nupkg)" .nupkg); version=${version#SliceClientGen.}

mkdir -p "$app"
gunzip -c "$repo/tests/SliceClientGen.Corpus.Tests/Documents/octokit-openapi-23.0.2-api.github.com.json.gz" > "$app/github.json"
cat > "$app/NuGet.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="SliceClientGen" /><package pattern="SliceClientGen.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
CONFIG
cat > "$app/GitHubApp.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RestorePackagesPath>$work/nuget</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SliceClientGen" Version="$version" />
    <OpenApiClient Include="github.json" Namespace="GitHubApp.Api" ClassName="GitHubClient" />
  </ItemGroup>
</Project>
PROJECT
echo 'System.Console.WriteLine(typeof(GitHubApp.Api.GitHubClient).Name);' > "$app/Program.cs"

machine_cpu() { awk '/^cpu / { print $2 + $3 + $4 }' /proc/stat; } # user+nice+system jiffies of the whole machine
timed() { # timed <label> <binlog-name> <dotnet args...>
  local label=$1 log=$2 before cpu; shift 2
  before=$(machine_cpu)
  /usr/bin/time -f '%e %U %S' -o "$out/$log.time" dotnet "$@" -bl:"$out/$log.binlog" > "$out/$log.log" 2>&1 || { tail -20 "$out/$log.log"; exit 1; }
  read -r wall user sys < "$out/$log.time"
  if $server; then
    cpu="$(echo "($(machine_cpu) - $before) / $(getconf CLK_TCK)" | bc) s CPU (the whole machine's)"
  else
    cpu="$(echo "$user + $sys" | bc) s CPU (user+sys)"
  fi
  printf '%s: %.1f s, %s (load %s)\n' "$label" "$wall" "$cpu" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
}
dotnet build-server shutdown > /dev/null 2>&1 || true
timed "restore" restore restore "$app"
timed "cold build (restored, compiler server not running)" cold build "$app" --no-restore -p:ReportAnalyzer=true
echo 'System.Console.WriteLine("edited");' >> "$app/Program.cs"
timed "build after a one-line Program.cs edit" edit build "$app" --no-restore -p:ReportAnalyzer=true
python3 - "$app/github.json" <<'EDIT'
import sys
path = sys.argv[1]; text = open(path).read()
start = text.index('"simple-user"'); at = text.index('"description": "', start) + len('"description": "')
open(path, 'w').write(text[:at] + 'Edited. ' + text[at:])
EDIT
timed "build after editing one schema (simple-user's description)" schema build "$app" --no-restore -p:ReportAnalyzer=true
for b in cold edit schema; do
  dotnet msbuild "$out/$b.binlog" -v:diag -noconlog "-flp:logfile=$out/$b.diag.log;verbosity=diagnostic" > /dev/null 2>&1 || true
  echo "$b: $(grep -m1 'Total generator execution time' "$out/$b.diag.log" | sed 's/^ *//'); $(grep -m1 'Total analyzer execution time' "$out/$b.diag.log" | sed 's/^ *//')" | tee -a "$out/summary.txt"
  # The analyzer table follows its total: assembly rows carry ", Version=", analyzer rows name the type and its rule ids.
  awk '/Total analyzer execution time/ { table = 1; next }
       table && /Total generator execution time|Done executing task/ { exit }
       table && $1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9]+$/ && $2 >= 1 && !/, Version=/ {
         name = $3; sub(/.*\./, "", name); ids = $0; sub(/^[^(]*/, "", ids); sub(/ *\(TaskId:[0-9]+\)$/, "", ids)
         printf "  %s %s: %s s (%s%%)\n", name, ids, $1, $2 }' "$out/$b.diag.log" | tee -a "$out/summary.txt"
done
echo "warnings in the cold build: $(grep -c 'warning' "$out/cold.log" || true)" | tee -a "$out/summary.txt"
if $server; then dotnet build-server shutdown > /dev/null 2>&1 || true; fi
