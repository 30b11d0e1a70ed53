//! The `coursepack` command: parses arguments, calls the library, prints, sets the exit code.

mod cli;

use std::process::ExitCode;

/// mimalloc: the validator and the build allocate many small strings; it halves the time spent
/// in the allocator compared with glibc's (see benches/validate_scale.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
