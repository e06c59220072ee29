# Sourced by scripts/run and scripts/test: make .venv hold Byline, running pip
# only when it has to — .venv missing or broken, pyproject.toml changed since
# the last install, or the test tools asked for and not yet installed. The
# stamp .venv/.byline-installed records "<sha256 of pyproject.toml> <extra>",
# so a relaunch reads two small files and starts at once, with no network.

STAMP=.venv/.byline-installed

pyproject_hash() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum pyproject.toml | cut -d' ' -f1
    else
        shasum -a 256 pyproject.toml | cut -d' ' -f1
    fi
}

# venv_is_current EXTRA: .venv works and was installed from this pyproject.toml
# with EXTRA ("" for the application alone, "test" for the tests too).
venv_is_current() {
    local want="$1" hash extra
    [ -x .venv/bin/python ] && [ -x .venv/bin/byline ] && [ -f "$STAMP" ] || return 1
    read -r hash extra <"$STAMP" || true
    [ "$hash" = "$(pyproject_hash)" ] || return 1
    [ -z "$want" ] || [ "$extra" = "$want" ]
}

# ensure_venv EXTRA: install when venv_is_current says so; returns pip's status.
ensure_venv() {
    local want="$1" spec="." hash
    venv_is_current "$want" && return 0
    hash="$(pyproject_hash)"
    if [ ! -x .venv/bin/python ]; then
        echo "Setting up .venv (once) ..." >&2
        python3 -m venv --clear .venv || return 1
        .venv/bin/python -m pip install -q --upgrade pip || return 1
    else
        echo "pyproject.toml changed or tools are missing: updating .venv ..." >&2
    fi
    [ -z "$want" ] || spec=".[$want]"
    rm -f "$STAMP"
    .venv/bin/python -m pip install -q -e "$spec" || return 1
    printf '%s %s\n' "$hash" "$want" >"$STAMP.part" && mv "$STAMP.part" "$STAMP"
}
