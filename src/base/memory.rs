//! How statusbook asks the C library's allocator to hold memory. Only glibc on Linux needs
//! asking; elsewhere these do nothing.

/// Keeps the allocator to two arenas for the life of the process. By default glibc gives
/// threads up to eight arenas per core, and each thread that parses or renders pages leaves
/// its arena holding freed memory among the pages that stay, which later threads do not
/// reuse:
///
/// - a build of 100,000 codes held 400 to 700 MB of such freed memory once the content was
///   read (next to 470 MB in use), and peaked at 1.2 to 1.5 GB; with two arenas it held
///   about 190 MB and peaked at 1.0 GB, in the same time;
/// - the dev server, over 20 edits of a 10,000-code site, grew from 183 MB to 223 MB with
///   the default, and stayed at 183 MB with two arenas.
///
/// (`scripts/bench`, `scripts/bench-serve.py`, docs/benchmarks.md.) Called before any
/// thread starts, as the allocator asks.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_arenas() {
    unsafe extern "C" {
        // glibc: sets an allocator parameter; returns 1 on success. M_ARENA_MAX is -8.
        safe fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    const M_ARENA_MAX: std::ffi::c_int = -8;
    mallopt(M_ARENA_MAX, 2);
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}

/// Gives the memory a rebuild freed back to the system. The allocator keeps freed memory
/// for reuse, and returns by itself only what lies at the top of its heaps: the dev
/// server's last model and render buffers, freed among the served files that stay, were
/// kept, and the server grew by a third over a few edits of a 10,000-code site.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_freed_memory() {
    unsafe extern "C" {
        // glibc: returns whole free pages of every arena to the system (madvise), keeping
        // `pad` bytes at the top of the main heap. Takes each arena's lock; always safe.
        safe fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    malloc_trim(0);
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_freed_memory() {}
