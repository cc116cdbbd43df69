//! Fuzz target `ipc`: the decoding of every api method's input, on an app with no vault.
//! The body is `homeward_tests::hostile::ipc`, shared with the corpus replay.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: homeward_tests::hostile::prepare("ipc"),
    |data: &[u8]| homeward_tests::hostile::ipc(data)
);
