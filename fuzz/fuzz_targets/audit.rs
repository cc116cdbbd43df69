//! Fuzz target `audit`: the audit chain's verifier over rows the input describes.
//! The body is `homeward_tests::hostile::audit`, shared with the corpus replay.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: homeward_tests::hostile::prepare("audit"),
    |data: &[u8]| homeward_tests::hostile::audit(data)
);
