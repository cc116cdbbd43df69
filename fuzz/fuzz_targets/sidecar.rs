//! Fuzz target `sidecar`: the key-slot sidecar parser and what the app does with a sidecar it read.
//! The body is `homeward_tests::hostile::sidecar`, shared with the corpus replay.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: homeward_tests::hostile::prepare("sidecar"),
    |data: &[u8]| homeward_tests::hostile::sidecar(data)
);
