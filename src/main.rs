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

/// Has mimalloc give freed pages back to the system 1 ms after they were freed rather than 10.
/// A build of several languages on several workers calls it: each worker lets a language's
/// course, lesson bodies and pages go while the others allocate theirs, and pages a worker freed
/// serve no other; with 10 ms they are still resident when the others allocate, and the
/// 1,000-lesson × 11-language build peaks at 90–97 MiB instead of 80. Giving them back at once
/// (0 ms) would spend 0.2 s more in the kernel for 8 MiB less (docs/benchmarks.md).
pub fn return_freed_pages_soon() {
    // SAFETY: sets an option of the allocator this binary links; mimalloc reads its options
    // atomically, so the worker threads started after see it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) };
}

/// `mi_option_purge_delay` of mimalloc 2's `mimalloc.h` (the option after
/// `mi_option_eager_commit_delay`, 14), which libmimalloc-sys names no constant for.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[cfg(test)]
mod tests {
    /// The option numbers of `mimalloc.h` are the ones this file assumes: eager_commit_delay
    /// (default 1), then purge_delay (default 10 ms), then use_numa_nodes (default 0).
    #[test]
    fn the_purge_delay_option_is_the_one_we_set() {
        // SAFETY: reads options of the linked allocator.
        let around = unsafe {
            [14, super::MI_OPTION_PURGE_DELAY, 16].map(|o| libmimalloc_sys::mi_option_get(o))
        };
        assert_eq!(around, [1, 10, 0]);
    }
}
