# Shared by scripts/quickstart, scripts/test and scripts/bench: the Debian packages newsdex needs, and
# installing whichever are missing. Sourced, not run.

# Build and test dependencies (README, "Dependencies", says why each is there).
NEWSDEX_PACKAGES=(
    g++ cmake make pkg-config
    libxapian-dev libzstd-dev libjemalloc-dev libsqlite3-dev libspdlog-dev libcli11-dev nlohmann-json3-dev doctest-dev
    sqlite3 jq
)

say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }

# install_packages PKG...: installs with apt-get those not installed yet; needs root (or sudo).
install_packages() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    say "installing ${missing[*]}"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            say "error: missing packages ${missing[*]}, and installing them needs root"
            return 1
        fi
    fi
    "${sudo[@]}" apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# jobs for make: every core.
build_jobs() { nproc 2>/dev/null || echo 2; }
