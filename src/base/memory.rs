//! The allocator every statusbook program uses, and how it is asked to give memory back.
//!
//! jemalloc, where it builds (not MSVC). With glibc's allocator the threads that render
//! pages, write files and build the search index took turns on its locks: a build of
//! 100,000 codes spent a fifth of its CPU samples in them (`perf`: `__lll_lock_wait_private`
//! and the kernel's futex wake-ups), since a file is allocated by the thread that renders
//! it and freed by the one that writes it. jemalloc gives each thread a cache of its own;
//! the same build went from 8.2–12.4 s to 6.8–8.1 s (2 cores, into `/dev/shm`), its user
//! time from 11.5–15.1 s to 9.5–11.7 s (docs/benchmarks.md, "The allocator").
//!
//! Declared here, in the library, so that the tests and benchmarks allocate as the
//! command does.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (before `main`): two arenas. The default, four
/// per core, left more memory freed but held between the threads' arenas: a build of
/// 100,000 codes peaked at 964–986 MB, with two at 859–912 MB, in the same time. (The
/// symbol is the prefixed name `tikv-jemalloc-sys` builds jemalloc with; plain
/// `malloc_conf` would be ignored.) `_RJEM_MALLOC_CONF` in the environment still overrides
/// it, for experiments.
#[cfg(not(target_env = "msvc"))]
#[used]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &std::ffi::c_char = {
    const OPTIONS: &std::ffi::CStr = c"narenas:2";
    // SAFETY: a pointer to the first byte of a static C string, which lives for ever.
    unsafe { &*OPTIONS.as_ptr() }
};

/// Gives the memory a rebuild freed back to the system. The allocator keeps freed memory
/// for reuse, and returns it by itself only after a delay; the dev server's last model and
/// render buffers, freed among the served files that stay, would be held meanwhile, and
/// grew the server by a third over a few edits of a 10,000-code site.
#[cfg(not(target_env = "msvc"))]
pub fn release_freed_memory() {
    // `arena.<MALLCTL_ARENAS_ALL>.purge`: every arena returns its unused dirty pages.
    const PURGE_ALL: &std::ffi::CStr = c"arena.4096.purge";
    // SAFETY: a void control, which reads and writes nothing: null pointers, no length.
    let status = unsafe {
        tikv_jemalloc_sys::mallctl(
            PURGE_ALL.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    };
    debug_assert_eq!(status, 0, "jemalloc refused to purge");
}

#[cfg(target_env = "msvc")]
pub fn release_freed_memory() {}

#[cfg(all(test, not(target_env = "msvc")))]
mod tests {
    use super::*;

    /// jemalloc's value of option `name` (`opt.narenas`), a number.
    fn option(name: &std::ffi::CStr) -> u32 {
        let mut value: u32 = 0;
        let mut len = std::mem::size_of::<u32>();
        // SAFETY: `value` and `len` are a u32 and its size, as jemalloc's unsigned options want.
        let status = unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                (&raw mut value).cast(),
                &raw mut len,
                std::ptr::null_mut(),
                0,
            )
        };
        assert_eq!(status, 0, "no option {name:?}");
        value
    }

    #[test]
    fn the_allocator_is_jemalloc_with_the_options_statusbook_gives_it() {
        // Fails if the options symbol is not linked in (jemalloc would use four arenas per
        // core), or if another allocator serves the program.
        let _ = Box::new([0u8; 64]);
        assert_eq!(option(c"opt.narenas"), 2);
    }

    #[test]
    fn releasing_freed_memory_works_with_memory_freed_by_another_thread() {
        let held: Vec<Vec<u8>> = (0..64).map(|_| vec![1u8; 64 * 1024]).collect();
        std::thread::spawn(move || drop(held)).join().unwrap();
        release_freed_memory();
    }
}
