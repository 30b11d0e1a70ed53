//! The `coursepack` command: parses arguments, calls the library, prints, sets the exit code.

mod cli;

use std::process::ExitCode;

/// mimalloc: the validator and the build allocate many small strings; it halves the time spent
/// in the allocator compared with glibc's (see benches/validate_scale.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    return_freed_memory_at_once();
    cli::run()
}

/// Has mimalloc give freed pages back to the system at once rather than 10 ms later. A batch
/// build frees a language's course, lesson bodies and page data as a whole while the other
/// workers allocate theirs: with the delay, those pages stay resident when the next language
/// needs its own, and the peak is 10–20 MiB above the live heap (docs/benchmarks.md). It costs
/// about 5 % more CPU time in the kernel.
fn return_freed_memory_at_once() {
    // SAFETY: sets an option of the allocator this binary links, before any thread is started;
    // mimalloc reads its options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// `mi_option_purge_delay` of mimalloc 2's `mimalloc.h` (the option after
/// `mi_option_eager_commit_delay`, 14), which libmimalloc-sys names no constant for.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
